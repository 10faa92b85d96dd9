// The tft subcommands. Each adds itself to the app and sets `exit_code` when
// it ran (common/exit_codes.h). `registry`: the models --model may name; it
// outlives the app.
#pragma once

namespace CLI {
class App;
}

namespace gradaudit::forecasters {
class ModelRegistry;
}

namespace gradaudit::tftcli {

void add_params_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_train_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);
void add_predict_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);
void add_cv_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);
void add_bench_step_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);
void add_import_nf_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);
void add_forward_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);
void add_explain_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);
void add_auto_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);

}  // namespace gradaudit::tftcli
