// The gradaudit subcommands; each sets `exit_code` when it runs.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace gradaudit::forecasters {
class ModelRegistry;
}

namespace gradaudit::cli {

// `registry`: the models `--model NAME` may name; it outlives the app.
void add_trace_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);
void add_rules_command(CLI::App& app, int& exit_code);
void add_ddp_run_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry);
// `extra_args`: what followed `--` on the command line (compiler arguments).
void add_lint_command(CLI::App& app, int& exit_code, const std::vector<std::string>& extra_args);

}  // namespace gradaudit::cli
