#include "cli/gradaudit_app.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/commands.h"
#include "common/cli_app.h"

namespace gradaudit::cli {

int run_gradaudit(int argc, const char* const* argv, const forecasters::ModelRegistry& registry) {
  // Everything after `--` is compiler arguments for lint, as with clang-tidy.
  std::vector<std::string> extra_args;
  int own = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--") {
      own = i;
      extra_args.assign(argv + i + 1, argv + argc);
      break;
    }
  }
  CLI::App app("gradaudit: find the parameters that make DistributedDataParallel fail, before the launch",
               "gradaudit");
  app.require_subcommand(1);
  int exit_code = 0;
  add_trace_command(app, exit_code, registry);
  add_rules_command(app, exit_code);
  add_ddp_run_command(app, exit_code, registry);
  add_lint_command(app, exit_code, extra_args);
  return run_cli_app(app, own, argv, exit_code);
}

}  // namespace gradaudit::cli
