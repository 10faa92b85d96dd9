// SARIF's %SRCROOT%, shared by lint and trace: --srcroot, else the enclosing
// git work tree, else the current folder.
#pragma once

#include <string>

namespace gradaudit::cli {

// Throws InputError naming `command` for a --srcroot that is not a folder.
std::string source_root(const std::string& flag, const std::string& command);

}  // namespace gradaudit::cli
