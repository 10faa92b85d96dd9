// Every rule, walked from the registry: it has its doc page, fixtures that
// trigger it, and a page from `gradaudit rules ID`. A rule added without
// them fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "cli/gradaudit_app.h"
#include "cli_runner.h"
#include "registered_models.h"
#include "rules/dynamic_rule.h"
#include "rules/static_rule.h"
#include "test_paths.h"
#include "trace/audit.h"
#include "trace_modules.h"

namespace gradaudit::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The purpose-built module that triggers each dynamic rule (tests/trace_modules.h).
const std::map<std::string, std::function<trace::AuditTarget()>>& dynamic_fixtures() {
  static const std::map<std::string, std::function<trace::AuditTarget()>> fixtures = {
      {"GA101", [] { return target_of("unused", factory_of<UnusedBranch>()); }},
      {"GA102", [] { return target_of("zero", factory_of<ZeroAndFrozen>()); }},
      {"GA103", [] { return target_of("nan", factory_of<NonFinite>()); }},
      {"GA104", [] { return target_of("moe", factory_of<DataDependent>()); }},
      {"GA105", [] {
         return target_of("throws", [](const config::Configuration&) -> trace::AuditSubject {
           throw std::runtime_error("cannot build");
         });
       }},
  };
  return fixtures;
}

TEST(Rules, EachHasItsDocPage) {
  for (const rules::Rule* rule : rules::all_rules()) {
    const std::string page = read_file(source_path(rule->doc_path()));
    ASSERT_FALSE(page.empty()) << rule->tag() << ": no " << rule->doc_path();
    EXPECT_NE(page.find(rule->id), std::string::npos) << rule->doc_path();
    EXPECT_NE(page.find(rule->name), std::string::npos) << rule->doc_path();
  }
}

TEST(Rules, EachStaticRuleHasFixtureExpectations) {
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("fixtures/lint")))
    all += read_file(entry.path().string());
  for (const rules::StaticRule* rule : rules::static_rules())
    EXPECT_NE(all.find(std::string("// expect: ") + rule->id), std::string::npos)
        << rule->tag() << " has no expected finding in fixtures/lint/";
}

TEST(Rules, EachDynamicRuleHasAModuleThatTriggersIt) {
  for (const rules::DynamicRule* rule : rules::dynamic_rules()) {
    const auto it = dynamic_fixtures().find(rule->id);
    ASSERT_NE(it, dynamic_fixtures().end()) << rule->tag() << " has no triggering module in this test";
    const trace::AuditResult r = trace::run_audit({it->second()}, {3, 1});
    EXPECT_TRUE(std::any_of(r.findings.begin(), r.findings.end(), [&](const auto& f) { return f.rule == rule; }))
        << rule->tag() << " not triggered by its module";
  }
}

TEST(Rules, EachPrintsItsPage) {
  for (const rules::Rule* rule : rules::all_rules()) {
    const auto r = run_cli(
        [](int argc, const char* const* argv) { return cli::run_gradaudit(argc, argv, registered_models()); },
        "gradaudit", {"rules", rule->id});
    ASSERT_EQ(r.code, 0) << rule->tag() << r.err;
    EXPECT_EQ(r.out.rfind(rule->tag() + ": " + rule->summary + "\n", 0), 0u) << r.out;
    for (const char* part : {rule->rationale, rule->example, rule->fix})
      EXPECT_NE(r.out.find(part), std::string::npos) << rule->tag();
    EXPECT_EQ(r.out.find(": \n"), std::string::npos) << "a dangling ': ' in " << rule->tag();
    EXPECT_EQ(r.out.find(rule->doc_path()), r.out.size() - rule->doc_path().size() - 1);
  }
}

TEST(Rules, IdsAndNamesAreUnique) {
  std::map<std::string, int> seen;
  for (const rules::Rule* rule : rules::all_rules()) {
    EXPECT_EQ(++seen[rule->id], 1) << rule->id;
    EXPECT_EQ(++seen[rule->name], 1) << rule->name;
    EXPECT_EQ(rules::find_rule(rule->id), rule);
    EXPECT_EQ(rules::find_rule(rule->name), rule);
  }
}

}  // namespace
}  // namespace gradaudit::testing
