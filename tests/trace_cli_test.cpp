// gradaudit trace from the command line: formats, exit codes, atomic output.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "cli/gradaudit_app.h"
#include "cli_runner.h"
#include "test_paths.h"
#include "registered_models.h"
#include "temp_dir.h"

namespace gradaudit::testing {
namespace {

CliResult gradaudit(const std::vector<std::string>& args) {
  return run_cli([](int argc, const char* const* argv) { return cli::run_gradaudit(argc, argv, registered_models()); },
                 "gradaudit", args);
}

const char* kSpace =
    "fixed: {h: 4, input_size: 8, hidden_size: 8, n_head: 2}\n"
    "grid: {stat_exog_size: [0, 1], futr_exog_size: [0, 1]}\n";

TEST(TraceCli, TextSummaryNamesTheStaticEncoderAndTheCondition) {
  TempDir dir;
  const auto r = gradaudit({"trace", "--model", "tft-unconditional-static", "--space", dir.write("s.yaml", kSpace)});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.out.find("parameters under 'static_encoder.' get no gradient in 2 of 4 configurations: exactly those "
                       "with stat_exog_size == 0 [GA101/no-gradient]"),
            std::string::npos)
      << r.out;
  // Summary first, details after.
  EXPECT_LT(r.out.find("error: "), r.out.find("details:"));
  EXPECT_NE(r.out.find("tft-unconditional-static:static_encoder.vsn.joint_grn.lin_a.weight: error: receives no gradient"),
            std::string::npos);
}

TEST(TraceCli, TheRealTftPassesAndWarningsCanBeMadeToFail) {
  TempDir dir;
  const std::string space = dir.write("s.yaml", kSpace);
  EXPECT_EQ(gradaudit({"trace", "--model", "tft", "--space", space}).code, 0);
  EXPECT_EQ(gradaudit({"trace", "--model", "tft", "--space", space, "--fail-on", "warning"}).code, 1);
}

TEST(TraceCli, JsonFindingsCarryTheDocumentedFields) {
  TempDir dir;
  const auto r = gradaudit({"trace", "--model", "tft-unconditional-static", "--space", dir.write("s.yaml", kSpace),
                            "--format", "json", "--confirm-ddp"});
  ASSERT_EQ(r.code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["summary"]["configurations"], 4);
  ASSERT_FALSE(j["findings"].empty());
  for (const auto& f : j["findings"]) {
    for (const char* key : {"rule", "severity", "message", "parameter", "configuration"}) EXPECT_TRUE(f.contains(key)) << key;
  }
  bool static_group = false;
  for (const auto& g : j["groups"]) {
    if (g["rule"] != "no-gradient") continue;
    static_group = true;
    EXPECT_EQ(g["prefix"], "static_encoder.");
    EXPECT_EQ(g["condition"], "stat_exog_size == 0");
    EXPECT_EQ(g["cause"], "unused-in-forward");
    ASSERT_TRUE(g.contains("ddp_check"));
    const auto& check = j["ddp_checks"][g["ddp_check"].get<int>()];
    EXPECT_TRUE(check["failed"].get<bool>());
    EXPECT_TRUE(check["agrees"].get<bool>());
  }
  EXPECT_TRUE(static_group);
}

TEST(TraceCli, SarifAsGitHubReadsIt) {
  TempDir dir;
  const std::string space = dir.write("s.yaml", kSpace);
  const std::string out = dir.path("report.sarif");
  const auto r = gradaudit({"trace", "--model", "tft-unconditional-static", "--space", space, "--format", "sarif", "-o", out});
  ASSERT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(r.out.empty());
  std::ifstream in(out);
  const auto s = nlohmann::json::parse(in);
  EXPECT_EQ(s["version"], "2.1.0");
  EXPECT_TRUE(s.contains("$schema"));
  const auto& run = s["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "gradaudit");
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    for (const char* key : {"id", "shortDescription", "fullDescription", "help"}) EXPECT_TRUE(rule.contains(key)) << key;
    EXPECT_NE(rule["help"]["text"].get<std::string>().find("docs/rules/"), std::string::npos);
  }
  ASSERT_FALSE(run["results"].empty());
  for (const auto& res : run["results"]) {
    EXPECT_TRUE(res.contains("ruleId") && res.contains("level") && res["message"].contains("text"));
    const auto& loc = res["locations"][0]["physicalLocation"];
    // Outside the source root (the git work tree): an absolute file:// URI.
    EXPECT_EQ(loc["artifactLocation"]["uri"], "file://" + space);
    EXPECT_EQ(loc["region"]["startLine"], 1);
  }
  // Under --srcroot: relative, resolved through %SRCROOT%, as code scanning wants.
  const auto rooted = gradaudit({"trace", "--model", "tft-unconditional-static", "--space", space, "--format", "sarif",
                                 "--srcroot", dir.root(), "-o", out});
  ASSERT_EQ(rooted.code, 1) << rooted.err;
  std::ifstream again(out);
  const auto relative = nlohmann::json::parse(again);
  const auto& location = relative["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(location["uri"], "s.yaml");
  EXPECT_EQ(location["uriBaseId"], "%SRCROOT%");
  EXPECT_TRUE(relative["runs"][0].contains("originalUriBaseIds"));
  const std::string validator =
      source_path("tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
  if (std::filesystem::exists(validator)) {
    const auto v = run_command("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 " + validator + " validate " + out);
    EXPECT_EQ(v.code, 0) << v.out;
  }
  // Written atomically: no temporary file left beside it.
  for (const auto& entry : std::filesystem::directory_iterator(dir.root()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

TEST(TraceCli, AllowListAndItsErrors) {
  TempDir dir;
  const std::string space = dir.write("s.yaml", kSpace);
  const std::string allow = dir.write("allow.txt", "# the fixture's known bug\nGA101 static_encoder.*\n");
  const auto r = gradaudit({"trace", "--model", "tft-unconditional-static", "--space", space, "--allow", allow});
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("suppressed by the allow-list"), std::string::npos);
  const auto bad = gradaudit({"trace", "--model", "tft", "--space", space, "--allow", dir.write("bad.txt", "GA999 x\n")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("bad.txt:1: unknown rule 'GA999'"), std::string::npos) << bad.err;
}

TEST(TraceCli, UsageAndInputErrorsExitWithTwo) {
  TempDir dir;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"trace"}, "give exactly one of --model, --torchscript or --manifest"},
      {{"trace", "--model", "nope"}, "unknown model 'nope' (known: tft, tft-unconditional-static)"},
      {{"trace", "--model", "tft", "--space", dir.write("typo.yaml", "grid:\n  hiden_size: [8]\n")},
       "typo.yaml:2:3: grid.hiden_size: unknown key for model 'tft'"},
      {{"trace", "--model", "tft", "--space", dir.path("missing.yaml")}, "cannot open space file"},
      {{"trace", "--model", "tft", "--format", "xml"}, "--format"},
      {{"trace", "--model", "tft", "--fail-on", "fatal"}, "trace: --fail-on: expected 'note', 'warning' or 'error'"},
      {{"rules", "GA999"}, "unknown rule 'GA999'"},
  };
  for (const auto& [args, needle] : cases) {
    const auto r = gradaudit(args);
    EXPECT_EQ(r.code, 2) << args.back();
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(TraceCli, RulesListAndPage) {
  const auto list = gradaudit({"rules"});
  EXPECT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("GA101  no-gradient"), std::string::npos) << list.out;
  const auto page = gradaudit({"rules", "no-gradient"});
  EXPECT_EQ(page.code, 0);
  EXPECT_NE(page.out.find("find_unused_parameters"), std::string::npos);
  EXPECT_NE(page.out.find("docs/rules/GA101-no-gradient.md"), std::string::npos);
}

}  // namespace
}  // namespace gradaudit::testing
