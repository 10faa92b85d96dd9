// gradaudit lint in a build configured with -DGRADAUDIT_WITH_LINT=OFF: the
// command exists so that scripts get a reason, not "unknown subcommand".
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "common/input_error.h"

namespace gradaudit::cli {

void add_lint_command(CLI::App& app, int& exit_code, const std::vector<std::string>& /*extra_args*/) {
  CLI::App* cmd = app.add_subcommand("lint", "not available: this gradaudit was built without the linter");
  cmd->allow_extras();
  cmd->callback([&exit_code] {
    exit_code = 2;
    throw InputError(
        "lint: this gradaudit was built with -DGRADAUDIT_WITH_LINT=OFF; rebuild with the Clang development "
        "files installed to lint C++ sources");
  });
}

}  // namespace gradaudit::cli
