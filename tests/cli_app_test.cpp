// The exit-code contract every command line shares: 2 only for usage and
// input errors, 3 for everything else, one line on stderr either way.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include <stdexcept>

#include "cli_runner.h"
#include "common/cli_app.h"
#include "common/exit_codes.h"
#include "common/input_error.h"

namespace gradaudit::testing {
namespace {

// A one-command app whose command throws `thrown`.
template <typename Thrown>
CliResult run_throwing(Thrown thrown, std::vector<std::string> args = {"go"}) {
  return run_cli(
      [&](int argc, const char* const* argv) {
        CLI::App app("test app", "prog");
        app.require_subcommand(1);
        int exit_code = 0;
        CLI::App* go = app.add_subcommand("go", "throws");
        int count = 0;
        go->add_option("--count", count)->check(CLI::PositiveNumber);
        go->callback([&] { throw thrown; });
        return run_cli_app(app, argc, argv, exit_code);
      },
      "prog", std::move(args));
}

TEST(CliApp, InputErrorsExitWithTwo) {
  const auto r = run_throwing(InputError("data.csv:3: column 'y': expected a number, got 'x'"));
  EXPECT_EQ(r.code, kExitInput);
  EXPECT_EQ(r.err, "prog: error: data.csv:3: column 'y': expected a number, got 'x'\n");
}

TEST(CliApp, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_throwing(InputError("unused"), {"nope"}).code, kExitInput);
  const auto r = run_throwing(InputError("unused"), {"go", "--count", "-3"});
  EXPECT_EQ(r.code, kExitInput);
  EXPECT_EQ(r.err.rfind("prog: error: --count", 0), 0u) << r.err;
}

TEST(CliApp, EverythingElseIsAnInternalErrorWithThree) {
  const auto logic = run_throwing(std::logic_error("unhandled loss"));
  EXPECT_EQ(logic.code, kExitInternal);
  EXPECT_EQ(logic.err, "prog: internal error: unhandled loss\n");
  // A timeout in a collective is not the user's input either; only the first
  // line of a multi-line message (c10's backtrace) is shown.
  const auto timeout = run_throwing(std::runtime_error("Timed out waiting 3000ms for send operation\n  frame #0 ..."));
  EXPECT_EQ(timeout.code, kExitInternal);
  EXPECT_EQ(timeout.err, "prog: internal error: Timed out waiting 3000ms for send operation\n");
  EXPECT_EQ(run_throwing(42).code, kExitInternal);
}

TEST(CliApp, HelpIsSuccess) {
  const auto r = run_throwing(InputError("unused"), {"--help"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_NE(r.out.find("test app"), std::string::npos);
}

}  // namespace
}  // namespace gradaudit::testing
