// The rules as a clang-tidy plugin: clang-tidy-14 --load=libgradaudit-tidy.so
// on the LibTorch fixtures reports what gradaudit lint reports (per file),
// and clang-tidy's own NOLINT handling applies.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>

#include "cli_runner.h"
#include "test_paths.h"

namespace gradaudit::testing {
namespace {

std::string tidy(const std::string& fixture) {
  std::string command = std::string(GRADAUDIT_CLANG_TIDY) + " --load=" GRADAUDIT_TIDY_PLUGIN
                        " -checks='-*,gradaudit-*' " + source_path("fixtures/lint/" + fixture) + " -- -std=c++17";
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

TEST(TidyPlugin, NolintAndIgnoreCommentsSuppress) {
  const std::string out = tidy("suppressed.cpp");
  EXPECT_EQ(warnings(out), (std::set<std::pair<unsigned, std::string>>{{16, "unused-submodule"}})) << out;
}

}  // namespace
}  // namespace gradaudit::testing
