// The tft subcommands. Each adds itself to the app and returns the exit code
// through `exit_code` when it ran: 0 success, 1 a check failed, 2 bad input.
#pragma once

namespace CLI {
class App;
}

namespace gradaudit::tftcli {

void add_params_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);

}  // namespace gradaudit::tftcli
