// Runs gradaudit lint over every fixture in fixtures/lint/ (real LibTorch
// headers) and compares the findings with the expectations written beside
// the code, both ways.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "lint/analysis.h"
#include "lint/driver.h"
#include "lint/suppressions.h"
#include "test_paths.h"

namespace gradaudit::testing {
namespace {

struct Expectation {
  std::string file;
  unsigned line;
  std::string rule;
  std::string text;  // must occur in the message ("" for any)
  bool note;
};

std::vector<std::string> fixture_files() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(source_path("fixtures/lint")))
    if (e.path().extension() == ".cpp") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<Expectation> read_expectations(const std::vector<std::string>& files) {
  static const std::regex pattern(R"(// expect(-note)?: (GA\d{3})(?: \{\{(.*?)\}\})?)");
  std::vector<Expectation> out;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    for (unsigned n = 1; std::getline(in, line); ++n) {
      std::smatch m;
      if (std::regex_search(line, m, pattern)) out.push_back({file, n, m[2], m[3], m[1].matched});
    }
  }
  return out;
}

// One lint run over all fixtures, shared by the tests below.
const lint::DriverResult& driven() {
  static const lint::DriverResult result = [] {
    lint::DriverOptions options;
    options.files = fixture_files();
    options.extra_args = {"-std=c++17"};
    for (const char* dir : {GRADAUDIT_TORCH_INCLUDES}) options.extra_args.push_back(std::string("-isystem") + dir);
    auto out = lint::run_driver(options);
    for (const auto& unit : out.units) EXPECT_TRUE(unit.ok) << unit.file << "\n" << unit.diagnostics;
    return out;
  }();
  return result;
}

const std::vector<rules::StaticFinding>& findings() {
  static const std::vector<rules::StaticFinding> result = [] {
    std::vector<rules::StaticFinding> kept;
    for (auto& f : lint::analyze(driven().facts))
      if (!lint::suppressed_by_comment(f)) kept.push_back(std::move(f));
    return kept;
  }();
  return result;
}

// Lines marked `// expect-MARK` (expect-untracked, expect-unregistered), as file:line.
std::set<std::string> marked(const std::string& mark) {
  std::set<std::string> out;
  for (const auto& file : fixture_files()) {
    std::ifstream in(file);
    std::string line;
    for (unsigned n = 1; std::getline(in, line); ++n)
      if (line.find("// expect-" + mark) != std::string::npos)
        out.insert(std::filesystem::path(file).filename().string() + ":" + std::to_string(n));
  }
  return out;
}

std::string where(const rules::Site& at) {
  return std::filesystem::path(at.file).filename().string() + ":" + std::to_string(at.line);
}

TEST(LintFixtures, EveryExpectedDiagnosticIsReported) {
  const auto expectations = read_expectations(fixture_files());
  ASSERT_GT(expectations.size(), 20u);
  for (const auto& e : expectations) {
    const auto match = std::find_if(findings().begin(), findings().end(), [&](const rules::StaticFinding& f) {
      if (f.rule->id != e.rule) return false;
      const rules::Site& at = e.note ? (f.note_at ? *f.note_at : rules::Site{}) : f.at;
      return std::filesystem::equivalent(at.file.empty() ? "/" : at.file, e.file) && at.line == e.line;
    });
    const std::string where = std::filesystem::path(e.file).filename().string() + ":" + std::to_string(e.line);
    if (match == findings().end()) {
      ADD_FAILURE() << where << ": expected " << (e.note ? "a note of " : "") << e.rule << ", none reported";
      continue;
    }
    if (!e.text.empty()) {
      EXPECT_NE(match->message.find(e.text), std::string::npos) << where << ": '" << e.text << "' not in: " << match->message;
    }
  }
}

TEST(LintFixtures, NothingUnexpectedIsReported) {
  const auto expectations = read_expectations(fixture_files());
  for (const auto& f : findings()) {
    const bool expected = std::any_of(expectations.begin(), expectations.end(), [&](const Expectation& e) {
      return !e.note && e.rule == f.rule->id && e.line == f.at.line && std::filesystem::equivalent(e.file, f.at.file);
    });
    EXPECT_TRUE(expected) << "unexpected: " << f.at.file << ":" << f.at.line << ":" << f.at.column << ": "
                          << f.message << " [" << f.rule->tag() << "]";
    if (f.note_at) {
      const bool note_expected = std::any_of(expectations.begin(), expectations.end(), [&](const Expectation& e) {
        return e.note && e.rule == f.rule->id && e.line == f.note_at->line &&
               std::filesystem::equivalent(e.file, f.note_at->file);
      });
      EXPECT_TRUE(note_expected) << "unexpected note: " << f.note_at->file << ":" << f.note_at->line << ": " << f.note;
    }
  }
}

// What the tool could not check is said, both ways: a registration it cannot
// tie to a member, a module class with none recognised.
TEST(LintFixtures, CoverageNotesMatchTheMarks) {
  std::set<std::string> untracked, unregistered;
  size_t classes = 0, registrations = 0;
  for (const auto& c : lint::census(driven().facts)) {
    ++classes;
    registrations += c.registrations;
    for (const auto& at : c.untracked) untracked.insert(where(at));
    if (c.registrations == 0 && c.untracked.empty()) unregistered.insert(where(c.at));
  }
  EXPECT_EQ(untracked, marked("untracked"));
  EXPECT_EQ(unregistered, marked("unregistered"));
  EXPECT_GT(classes, 40u);
  EXPECT_GT(registrations, 80u);
  // Two files each defining `struct Net` are two classes (net_*.cpp).
  size_t nets = 0;
  for (const auto& c : lint::census(driven().facts)) nets += c.name == "Net";
  EXPECT_EQ(nets, 2u);
}

TEST(LintFixtures, AModelSplitOverTwoFilesIsReportedOnce) {
  const auto count = std::count_if(findings().begin(), findings().end(), [](const rules::StaticFinding& f) {
    return f.at.file.find("split_model_ctor.cpp") != std::string::npos;
  });
  EXPECT_EQ(count, 1);
}

TEST(LintFixtures, FixItsOnlyWhereTheConstructorCanTestTheCondition) {
  for (const auto& f : findings()) {
    const bool forward_input = f.message.find("stat.has_value()") != std::string::npos ||
                               f.message.find("'use_extra'") != std::string::npos;
    if (forward_input) {
      EXPECT_FALSE(f.fix) << f.message;
    }
    if (f.message.find("'n_ > 1'") != std::string::npos) {
      ASSERT_TRUE(f.fix) << f.message;
      EXPECT_EQ(f.fix->replacement, "if (n_ > 1) ");
    }
  }
}

// fixit_order.cpp: a fix-it only where the members its condition reads
// hold their final value at the registration.
TEST(LintFixtures, FixItsOnlyWhereTheConditionIsComputed) {
  std::map<std::string, std::string> fixes;  // class -> replacement ("" for none)
  for (const auto& f : findings())
    if (f.class_name.rfind("fixit_order::", 0) == 0) fixes[f.class_name] = f.fix ? f.fix->replacement : "";
  EXPECT_EQ(fixes, (std::map<std::string, std::string>{{"fixit_order::SetAfter", ""},
                                                       {"fixit_order::SetBefore", "if (is_skip) "},
                                                       {"fixit_order::SetOnSomePaths", ""},
                                                       {"fixit_order::SetInInitializer", "if (depth_ > 2) "}}));
}

}  // namespace
}  // namespace gradaudit::testing
