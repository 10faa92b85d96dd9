// The tft command line: parses, dispatches, and maps errors to exit codes.
#include "tftcli/tft_app.h"

#include <CLI/CLI.hpp>

#include "common/cli_app.h"
#include "tftcli/commands.h"

namespace gradaudit::tftcli {

int run_tft(int argc, const char* const* argv, const forecasters::ModelRegistry& registry) {
  CLI::App app("tft: the Temporal Fusion Transformer (NeuralForecast-compatible) in LibTorch", "tft");
  app.require_subcommand(1);
  // Subcommands copy the help flag when they are added. Theirs is `--help`
  // alone: `--h` is the forecast horizon (NeuralForecast's name), and
  // CLI11 2.4 (Debian 13) refuses a `--h` next to a `-h`.
  app.set_help_flag("--help", "Print this help message and exit");
  int exit_code = 0;
  add_params_command(app, exit_code);
  add_check_command(app, exit_code);
  add_train_command(app, exit_code, registry);
  add_predict_command(app, exit_code, registry);
  add_cv_command(app, exit_code, registry);
  add_explain_command(app, exit_code, registry);
  add_auto_command(app, exit_code, registry);
  add_import_nf_command(app, exit_code, registry);
  add_forward_command(app, exit_code, registry);
  add_bench_step_command(app, exit_code, registry);
  app.set_help_flag("-h,--help", "Print this help message and exit");
  return run_cli_app(app, argc, argv, exit_code);
}

}  // namespace gradaudit::tftcli
