#include "cli/gradaudit_app.h"

#include "cli/commands.h"
#include "common/cli_errors.h"

namespace gradaudit::cli {

int run_gradaudit(int argc, const char* const* argv) {
  CLI::App app("gradaudit: find the parameters that make DistributedDataParallel fail, before the launch",
               "gradaudit");
  app.require_subcommand(1);
  int exit_code = 0;
  add_trace_command(app, exit_code);
  add_rules_command(app, exit_code);
  add_ddp_run_command(app, exit_code);
  return run_cli_app(app, argc, argv, exit_code);
}

}  // namespace gradaudit::cli
