// One way for every command line to turn exceptions into the documented exit
// codes (common/exit_codes.h): usage and input errors (CLI11's parse errors,
// InputError) print "program: error: <one line>" and return 2; any other
// exception prints "program: internal error: <one line>" and returns 3.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace gradaudit {

// Parses and runs `app`; returns `exit_code` (set by the subcommand that ran)
// on success, 0 for --help.
int run_cli_app(CLI::App& app, int argc, const char* const* argv, const int& exit_code);

// Appends `line` to the file GRADAUDIT_ERROR_FILE names, when a launcher set
// one: how a rank's own error reaches the launcher's report. Commands that
// fail without throwing (exit 1) call it with the line they print.
void leave_error_for_launcher(const std::string& line);

}  // namespace gradaudit
