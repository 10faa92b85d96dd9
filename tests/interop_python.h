// Python with torch for the interop suites: the files they read are written
// by Debian's python3-torch in the test itself, as users write them.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "temp_dir.h"

namespace gradaudit::testing {

// The first interpreter that imports torch: $GRADAUDIT_PYTHON, then Debian's
// /usr/bin/python3 (a pyenv shim may come first on PATH), then python3.
// Empty when none does.
inline const std::string& torch_python() {
  static const std::string found = [] {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("GRADAUDIT_PYTHON")) candidates.push_back(env);
    candidates.push_back("/usr/bin/python3");
    candidates.push_back("python3");
    for (const auto& python : candidates)
      if (run_command(python + " -c 'import torch'").code == 0) return python;
    return std::string();
  }();
  return found;
}

// Writes `script` into `dir` and runs it there; the output names the failure.
inline CliResult run_python(const TempDir& dir, const std::string& script, const std::string& args = "") {
  const std::string path = dir.write("script.py", script);
  return run_command("cd '" + dir.root() + "' && " + torch_python() + " '" + path + "' " + args);
}

}  // namespace gradaudit::testing

// Skips the test, saying why, when no Python imports torch.
#define GRADAUDIT_REQUIRE_TORCH_PYTHON()                                                                  \
  do {                                                                                                    \
    if (::gradaudit::testing::torch_python().empty())                                                     \
      GTEST_SKIP() << "no python3 with torch (python3 -c 'import torch' fails; install python3-torch or " \
                      "set GRADAUDIT_PYTHON)";                                                            \
  } while (0)
