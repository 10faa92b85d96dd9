// The tft command line: parses, dispatches, and maps errors to exit codes.
#include "tftcli/tft_app.h"

#include <CLI/CLI.hpp>

#include "common/cli_app.h"
#include "tftcli/commands.h"

namespace gradaudit::tftcli {

int run_tft(int argc, const char* const* argv, const forecasters::ModelRegistry& registry) {
  CLI::App app("tft: the Temporal Fusion Transformer (NeuralForecast-compatible) in LibTorch", "tft");
  app.require_subcommand(1);
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
  return run_cli_app(app, argc, argv, exit_code);
}

}  // namespace gradaudit::tftcli
