#include "cli/source_root.h"

#include <filesystem>

#include "common/input_error.h"

namespace gradaudit::cli {

std::string source_root(const std::string& flag, const std::string& command) {
  namespace fs = std::filesystem;
  if (!flag.empty()) {
    if (!fs::is_directory(flag)) throw InputError(command + ": --srcroot " + flag + ": not a folder");
    return fs::canonical(flag).string();
  }
  const fs::path cwd = fs::current_path();
  for (fs::path dir = cwd; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git")) return dir.string();
    if (dir == dir.root_path()) break;
  }
  return cwd.string();
}

}  // namespace gradaudit::cli
