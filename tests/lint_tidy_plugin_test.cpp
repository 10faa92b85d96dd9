// The rules as a clang-tidy plugin: clang-tidy-14 --load=libgradaudit-tidy.so
// on the LibTorch fixtures reports what gradaudit lint reports (per file),
// and clang-tidy's own NOLINT handling applies.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "cli_runner.h"
#include "test_paths.h"

namespace gradaudit::testing {
namespace {

// clang-tidy over one fixture, or several ("a.cpp b.cpp") in one process.
std::string tidy(const std::string& fixtures) {
  std::string files;
  std::istringstream names(fixtures);
  for (std::string name; names >> name;) files += " " + source_path("fixtures/lint/" + name);
  std::string command = std::string(GRADAUDIT_CLANG_TIDY) + " --load=" GRADAUDIT_TIDY_PLUGIN
                        " -checks='-*,gradaudit-*'" + files + " -- -std=c++17";
#ifdef GRADAUDIT_TIDY_PRELOAD
  // The sanitizer build's plugin in Debian's clang-tidy: ASan's runtime must
  // be loaded first, and clang-tidy leaves its ASTs to the exit on purpose,
  // so leaks are not judged in that process (the plugin's memory errors are).
  command = "LD_PRELOAD=" GRADAUDIT_TIDY_PRELOAD " ASAN_OPTIONS=\"${ASAN_OPTIONS}:detect_leaks=0\" " + command;
#endif
  for (const char* dir : {GRADAUDIT_TORCH_INCLUDES}) command += std::string(" -isystem") + dir;
  return run_command(command).out;
}

// "file:LINE:COL: warning: ... [gradaudit-NAME]" -> {(line, name)}
std::set<std::pair<unsigned, std::string>> warnings(const std::string& out) {
  static const std::regex pattern(R"(:(\d+):\d+: warning: .*\[gradaudit-([a-z-]+)\])");
  std::set<std::pair<unsigned, std::string>> found;
  for (std::sregex_iterator it(out.begin(), out.end(), pattern), end; it != end; ++it)
    found.emplace(std::stoul((*it)[1]), (*it)[2]);
  return found;
}

TEST(TidyPlugin, ReportsTheFixturesExpectations) {
  const std::string out = tidy("unconditional_submodule.cpp");
  std::set<std::pair<unsigned, std::string>> expected;
  std::ifstream in(source_path("fixtures/lint/unconditional_submodule.cpp"));
  std::string line;
  for (unsigned n = 1; std::getline(in, line); ++n)
    if (line.find("// expect: GA001") != std::string::npos) expected.emplace(n, "unconditional-submodule");
  ASSERT_GT(expected.size(), 6u);
  EXPECT_EQ(warnings(out), expected) << out;
}

// "file:LINE:COL: warning: ... [gradaudit-NAME]" -> {"file:LINE:NAME"}
std::set<std::string> warnings_with_files(const std::string& out) {
  static const std::regex pattern(R"(([^\s/]+\.cpp):(\d+):\d+: warning: .*\[gradaudit-([a-z-]+)\])");
  std::set<std::string> found;
  for (std::sregex_iterator it(out.begin(), out.end(), pattern), end; it != end; ++it)
    found.insert((*it)[1].str() + ":" + (*it)[2].str() + ":" + (*it)[3].str());
  return found;
}

// One clang-tidy process over several files reports for each what a run
// over that file alone reports (findings are computed per translation unit).
TEST(TidyPlugin, SeveralFilesInOneRunReportWhatEachReportsAlone) {
  // Three fixtures of different rules (each clang-tidy run parses LibTorch's
  // headers anew, ~9 s).
  const std::vector<std::string> fixtures = {"unconditional_submodule.cpp", "unused_submodule.cpp",
                                             "parameters_and_buffers.cpp"};
  std::set<std::string> alone;
  std::string all;
  for (const auto& f : fixtures) {
    const auto one = warnings_with_files(tidy(f));
    EXPECT_FALSE(one.empty()) << f;
    alone.insert(one.begin(), one.end());
    all += " " + f;
  }
  const std::string out = tidy(all);
  EXPECT_EQ(warnings_with_files(out), alone) << out;
}

TEST(TidyPlugin, NolintAndIgnoreCommentsSuppress) {
  const std::string out = tidy("suppressed.cpp");
  EXPECT_EQ(warnings(out), (std::set<std::pair<unsigned, std::string>>{{16, "unused-submodule"}})) << out;
}

}  // namespace
}  // namespace gradaudit::testing
