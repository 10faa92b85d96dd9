// The gradaudit subcommands; each sets `exit_code` when it runs.
#pragma once

namespace CLI {
class App;
}

namespace gradaudit::cli {

void add_trace_command(CLI::App& app, int& exit_code);
void add_rules_command(CLI::App& app, int& exit_code);
void add_ddp_run_command(CLI::App& app, int& exit_code);

}  // namespace gradaudit::cli
