// gradaudit lint from the command line, as users and CI run it: exit codes,
// formats, fixes, parse failures, the resource directory, the project's own
// sources and the TFT fixture variant.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_runner.h"
#include "temp_dir.h"
#include "test_paths.h"

namespace gradaudit::testing {
namespace {

CliResult gradaudit(const std::string& args) { return run_command(std::string(GRADAUDIT_EXE) + " " + args); }

// One stream alone: the other is dropped inside the subshell.
std::string gradaudit_stdout(const std::string& args) {
  return run_command("(" + std::string(GRADAUDIT_EXE) + " " + args + " 2>/dev/null)").out;
}
std::string gradaudit_stderr(const std::string& args) {
  return run_command("(" + std::string(GRADAUDIT_EXE) + " " + args + " 2>&1 >/dev/null)").out;
}

std::string mini() { return source_path("tests/data/lint/mini_model.cpp"); }
const std::string kMiniArgs = " -- -std=c++17";

TEST(LintCli, ClangStyleTextAndExitCodeOne) {
  const auto r = gradaudit("lint " + mini() + kMiniArgs);
  EXPECT_EQ(r.code, 1) << r.out;
  // The rule's severity, as JSON and SARIF report it: GA001 is an error.
  EXPECT_NE(r.out.find(mini() + ":5:15: error: submodule 'encoder' is registered unconditionally but used only when "
                                "'n_ > 0'"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[GA001/unconditional-submodule]"), std::string::npos);
  EXPECT_NE(r.out.find(mini() + ":9:21: note: used here, only when 'n_ > 0'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[GA002/unused-submodule]"), std::string::npos);
  EXPECT_NE(r.out.find("2 finding(s) in 1 file(s) (1 module class(es), 2 registration(s) checked)"), std::string::npos)
      << r.out;
}

TEST(LintCli, FailOnChoosesTheSeverityThatFails) {
  TempDir dir;
  // Only a GA003 (a warning) in this model.
  const std::string model = dir.write("warn.cpp", "#include \"" + source_path("tests/data/lint/mini_torch.h") +
                                                      "\"\n"
                                                      "struct W : torch::nn::Module {\n"
                                                      "  explicit W(int n) : n_(n) {\n"
                                                      "    if (n_ > 0) extra = register_module(\"extra\", torch::nn::Linear(4, 4));\n"
                                                      "  }\n"
                                                      "  int forward(int x) { return extra(x); }\n"
                                                      "  int n_;\n"
                                                      "  torch::nn::Linear extra;\n"
                                                      "};\n");
  const auto warning = gradaudit("lint " + model + kMiniArgs);
  EXPECT_EQ(warning.code, 1) << warning.out;
  EXPECT_NE(warning.out.find(":4:25: warning: submodule 'extra' is registered only when"), std::string::npos)
      << warning.out;
  EXPECT_EQ(gradaudit("lint --fail-on error " + model + kMiniArgs).code, 0);
  EXPECT_EQ(gradaudit("lint --fail-on note " + model + kMiniArgs).code, 1);
  const auto raised = gradaudit("lint --warnings-as-errors --fail-on error --format json " + model + kMiniArgs);
  EXPECT_EQ(raised.code, 1);
  EXPECT_EQ(nlohmann::json::parse(raised.out)["findings"][0]["severity"], "error");
  const auto bad = gradaudit("lint --fail-on fatal " + model + kMiniArgs);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("--fail-on"), std::string::npos) << bad.out;
}

TEST(LintCli, ClassesWithoutRecognisedRegistrationsAreNoted) {
  TempDir dir;
  const std::string model = dir.write("empty.cpp", "#include \"" + source_path("tests/data/lint/mini_torch.h") +
                                                       "\"\n"
                                                       "struct Base : torch::nn::Module {\n"
                                                       "  int forward(int x) { return x; }\n"
                                                       "};\n");
  const auto r = gradaudit("lint " + model + kMiniArgs);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("empty.cpp:2:8: note: module class 'Base': no registration recognised"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("0 finding(s) in 1 file(s) (1 module class(es), 0 registration(s) checked)"), std::string::npos)
      << r.out;
  const auto j = nlohmann::json::parse(gradaudit("lint --format json " + model + kMiniArgs).out);
  EXPECT_EQ(j["summary"]["module_classes"], 1);
  EXPECT_EQ(j["notes"].size(), 1u);
}

TEST(LintCli, JsonAndSarif) {
  const auto j = nlohmann::json::parse(gradaudit("lint --format json " + mini() + kMiniArgs).out);
  ASSERT_EQ(j["findings"].size(), 2u);
  for (const auto& f : j["findings"])
    for (const char* key : {"rule", "severity", "message", "file", "line", "column"}) EXPECT_TRUE(f.contains(key)) << key;
  EXPECT_EQ(j["findings"][0]["rule"], "unconditional-submodule");
  EXPECT_EQ(j["findings"][0]["line"], 5);
  const auto s = nlohmann::json::parse(gradaudit("lint --format sarif " + mini() + kMiniArgs).out);
  EXPECT_EQ(s["version"], "2.1.0");
  const auto& result = s["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "GA001");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], 5);
  EXPECT_EQ(result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"], 9);
}

// Code scanning wants URIs relative to the repository, with %SRCROOT%.
TEST(LintCli, SarifUrisAreRelativeToTheSourceRoot) {
  const auto s = nlohmann::json::parse(
      gradaudit("lint --format sarif --srcroot " + source_path("") + " " + mini() + kMiniArgs).out);
  const auto& run = s["runs"][0];
  const auto& location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(location["uri"], "tests/data/lint/mini_model.cpp");
  EXPECT_EQ(location["uriBaseId"], "%SRCROOT%");
  const std::string root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  EXPECT_EQ(root.rfind("file:///", 0), 0u) << root;
  EXPECT_EQ(root.back(), '/');
  // A file outside the root: an absolute file:// URI.
  TempDir dir;
  const auto outside = nlohmann::json::parse(
      gradaudit("lint --format sarif --srcroot " + dir.root() + " " + mini() + kMiniArgs).out);
  const std::string uri =
      outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
  EXPECT_EQ(uri.rfind("file:///", 0), 0u) << uri;
  EXPECT_EQ(gradaudit("lint --format sarif --srcroot /nonexistent " + mini() + kMiniArgs).code, 2);
}

// Microsoft's validator, when tests/sarif/install-validator.sh installed it.
TEST(LintCli, SarifPassesMicrosoftsValidator) {
  const std::string validator =
      source_path("tests/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
  if (!std::filesystem::exists(validator)) GTEST_SKIP() << "no validator: run tests/sarif/install-validator.sh";
  TempDir dir;
  const std::string sarif = dir.path("lint.sarif");
  EXPECT_EQ(gradaudit("lint --format sarif -o " + sarif + " " + mini() + kMiniArgs).code, 1);
  const auto r = run_command("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 " + validator + " validate " + sarif);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.find(": error"), std::string::npos) << r.out;
}

TEST(LintCli, FixAndExportFixes) {
  TempDir dir;
  std::filesystem::copy_file(source_path("tests/data/lint/mini_torch.h"), dir.path("mini_torch.h"));
  std::filesystem::copy_file(mini(), dir.path("model.cpp"));
  const std::string yaml = dir.path("fixes.yaml");
  const auto r = gradaudit("lint --export-fixes " + yaml + " " + dir.path("model.cpp") + kMiniArgs);
  EXPECT_EQ(r.code, 1);
  std::ifstream in(yaml);
  std::stringstream fixes;
  fixes << in.rdbuf();
  EXPECT_NE(fixes.str().find("DiagnosticName: gradaudit-unconditional-submodule"), std::string::npos) << fixes.str();
  EXPECT_NE(fixes.str().find("ReplacementText: \"if (n_ > 0) \""), std::string::npos) << fixes.str();

  const auto fixed_run = gradaudit("lint --fix " + dir.path("model.cpp") + kMiniArgs);
  EXPECT_EQ(fixed_run.code, 1);
  EXPECT_NE(fixed_run.out.find("model.cpp:5:15: fixed: inserted 'if (n_ > 0) ' [GA001/unconditional-submodule]"),
            std::string::npos)
      << fixed_run.out;
  std::ifstream fixed(dir.path("model.cpp"));
  std::stringstream text;
  text << fixed.rdbuf();
  EXPECT_NE(text.str().find("if (n_ > 0) encoder = register_module("), std::string::npos) << text.str();
  // Fixed: only the unused submodule is left.
  const auto after = gradaudit("lint --format json " + dir.path("model.cpp") + kMiniArgs);
  const auto j = nlohmann::json::parse(after.out);
  ASSERT_EQ(j["findings"].size(), 1u) << after.out;
  EXPECT_EQ(j["findings"][0]["rule"], "unused-submodule");
}

// The condition reads a member the constructor sets after the registration:
// wrapping it would test the default, so neither --export-fixes nor --fix
// offers anything.
TEST(LintCli, NoFixItWhenTheConditionIsSetAfterTheRegistration) {
  TempDir dir;
  std::filesystem::copy_file(source_path("tests/data/lint/mini_torch.h"), dir.path("mini_torch.h"));
  const std::string source =
      "#include \"mini_torch.h\"\n"
      "struct Late : torch::nn::Module {\n"
      "  explicit Late(bool on) {\n"
      "    skip = register_module(\"skip\", torch::nn::Linear(4, 4));\n"
      "    is_skip = on;\n"
      "  }\n"
      "  int forward(int x) { return is_skip ? skip(x) : x; }\n"
      "  bool is_skip = false;\n"
      "  torch::nn::Linear skip;\n"
      "};\n";
  const std::string model = dir.write("late.cpp", source);
  const std::string yaml = dir.path("fixes.yaml");
  const auto r = gradaudit("lint --export-fixes " + yaml + " " + model + kMiniArgs);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("late.cpp:4:12: error: submodule 'skip' is registered unconditionally"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("fix-it"), std::string::npos) << r.out;
  std::ifstream in(yaml);
  std::stringstream fixes;
  fixes << in.rdbuf();
  EXPECT_EQ(fixes.str().find("ReplacementText"), std::string::npos) << fixes.str();
  const auto fixed = gradaudit("lint --fix " + model + kMiniArgs);
  EXPECT_EQ(fixed.out.find("fixed:"), std::string::npos) << fixed.out;
  std::ifstream after(model);
  std::stringstream text;
  text << after.rdbuf();
  EXPECT_EQ(text.str(), source);
}

TEST(LintCli, ConfigFileDisablesRulesAndIgnoresMembers) {
  TempDir dir;
  const auto r = gradaudit("lint --config " + dir.write("c.yaml", "disable: [GA002]\nignore: ['Mini::enc*']\n") + " " +
                           mini() + kMiniArgs);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("0 finding(s) in 1 file(s) (1 module class(es), 2 registration(s) checked), 2 suppressed"),
            std::string::npos)
      << r.out;
  const auto bad = gradaudit("lint --config " + dir.write("bad.yaml", "disable: [GA999]\n") + " " + mini() + kMiniArgs);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("bad.yaml:1:11: disable: unknown rule 'GA999'"), std::string::npos) << bad.out;
}

TEST(LintCli, AFileThatDoesNotParseIsAnErrorAndTheOthersAreStillAnalysed) {
  const std::string args = "lint " + source_path("tests/data/lint/broken.cpp") + " " + mini() + kMiniArgs;
  const auto r = gradaudit(args);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("[GA001/unconditional-submodule]"), std::string::npos) << r.out;
  // Both counts, and why the exit code is 2 although there are findings.
  EXPECT_NE(r.out.find("2 finding(s) in 2 file(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 file(s) did not parse (exit code 2"), std::string::npos) << r.out;
  // Clang's parse errors on stderr, never mixed with the findings on stdout.
  const std::string out = gradaudit_stdout(args), err = gradaudit_stderr(args);
  EXPECT_NE(err.find("broken.cpp:4:35: error: expected expression"), std::string::npos) << err;
  EXPECT_EQ(out.find("expected expression"), std::string::npos) << out;
  EXPECT_NE(out.find("[GA001/unconditional-submodule]"), std::string::npos) << out;
  EXPECT_EQ(err.find("[GA001/unconditional-submodule]"), std::string::npos) << err;
}

// The fix-it note has a location (where the text goes) and comes last,
// after the note at the use.
TEST(LintCli, FixItNoteHasALocationAndComesLast) {
  const std::string out = gradaudit_stdout("lint " + mini() + kMiniArgs);
  const auto used = out.find(mini() + ":9:21: note: used here");
  const auto fix = out.find(mini() + ":5:5: note: fix-it: insert 'if (n_ > 0) ' before the registration");
  ASSERT_NE(used, std::string::npos) << out;
  ASSERT_NE(fix, std::string::npos) << out;
  EXPECT_LT(used, fix) << out;
  EXPECT_EQ(out.find("\nnote: fix-it"), std::string::npos) << "a note without file:line:col\n" << out;
}

TEST(LintCli, FixAppliesNothingWhenAFileDidNotParse) {
  TempDir dir;
  std::filesystem::copy_file(source_path("tests/data/lint/mini_torch.h"), dir.path("mini_torch.h"));
  std::filesystem::copy_file(mini(), dir.path("model.cpp"));
  const auto r = gradaudit("lint --fix " + source_path("tests/data/lint/broken.cpp") + " " + dir.path("model.cpp") +
                           kMiniArgs);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--fix: nothing applied: 1 file(s) did not parse"), std::string::npos) << r.out;
  std::ifstream in(dir.path("model.cpp"));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find("if (n_ > 0) encoder = register_module"), std::string::npos) << text.str();
}

TEST(LintCli, BadUsage) {
  TempDir dir;
  EXPECT_EQ(gradaudit("lint").code, 2);
  EXPECT_EQ(gradaudit("lint " + mini()).code, 2) << "neither -p nor -- arguments";
  const auto missing = gradaudit("lint /nonexistent.cpp" + kMiniArgs);
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("/nonexistent.cpp: no such file"), std::string::npos) << missing.out;
  // Debian's driver would quietly fall back to its own headers: we check.
  const auto empty = gradaudit("lint --resource-dir " + dir.root() + " " + mini() + kMiniArgs);
  EXPECT_EQ(empty.code, 2);
  EXPECT_NE(empty.out.find("not a clang resource directory"), std::string::npos) << empty.out;
  EXPECT_EQ(gradaudit("lint -p " + dir.root() + " " + mini()).code, 2) << "no compile_commands.json";
}

TEST(LintCli, TheTftFixtureVariantReportsTheStaticEncoder) {
  const auto r = gradaudit("lint -p " GRADAUDIT_BUILD_DIR " " + source_path("fixtures/models/tft_unconditional_static.cpp"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("error: submodule 'static_encoder' is registered unconditionally but used only when "
                       "'inputs.stat_exog.has_value()'"),
            std::string::npos)
      << r.out;
  // Its parts are defined in other files: said, not silently passed.
  EXPECT_NE(r.out.find("note: module class 'gradaudit::tft::GRNImpl': its constructor is in none of the analysed files"),
            std::string::npos)
      << r.out;
}

TEST(LintCli, ParallelWorkersKeepTheWorkingDirectory) {
  // Relative paths from two compile directories (build/src, build/fixtures),
  // three workers, a relative -o: each worker's clang moves into its compile
  // command's directory, and none may move the process.
  const std::string cwd = "cd " + source_path("") + " && ";
  for (int run = 0; run < 3; ++run) {
    const auto r = run_command(cwd + GRADAUDIT_EXE + " lint -p " GRADAUDIT_BUILD_DIR
                               " -j3 src/tft/grn.cpp src/tft/model.cpp fixtures/models/tft_unconditional_static.cpp"
                               " -o lint-parallel.txt");
    EXPECT_EQ(r.code, 1) << r.out;
    std::ifstream out(source_path("lint-parallel.txt"));
    EXPECT_TRUE(out.good()) << "the report is not where -o said";
    std::filesystem::remove(source_path("lint-parallel.txt"));
    EXPECT_FALSE(std::filesystem::exists(std::string(GRADAUDIT_BUILD_DIR) + "/src/lint-parallel.txt"));
  }
}

TEST(LintCli, TheProjectsOwnSourcesAreClean) {
  // The model code (the other libraries hold no module classes; linting
  // them would only parse LibTorch again).
  std::string files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(source_path("src/tft")))
    if (e.path().extension() == ".cpp") files += " " + e.path().string();
  const auto r = gradaudit("lint -p " GRADAUDIT_BUILD_DIR + files);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("0 finding(s)"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gradaudit::testing
