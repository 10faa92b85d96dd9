// The gradaudit subcommands; each sets `exit_code` when it runs.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace gradaudit::cli {

void add_trace_command(CLI::App& app, int& exit_code);
void add_rules_command(CLI::App& app, int& exit_code);
void add_ddp_run_command(CLI::App& app, int& exit_code);
// `extra_args`: what followed `--` on the command line (compiler arguments).
void add_lint_command(CLI::App& app, int& exit_code, const std::vector<std::string>& extra_args);

}  // namespace gradaudit::cli
