// Tests that save real TorchScript models from Python need a python3 that
// imports torch (Debian: python3-torch). GRADAUDIT_PYTHON names one;
// otherwise python3 on PATH, then /usr/bin/python3 (a pyenv python3 first on
// PATH often lacks torch).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "temp_dir.h"
#include "test_paths.h"

namespace gradaudit::testing {

inline const std::string& python_with_torch() {
  static const std::string found = [] {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("GRADAUDIT_PYTHON")) candidates.push_back(env);
    candidates.push_back("python3");
    candidates.push_back("/usr/bin/python3");
    for (const auto& c : candidates)
      if (run_command(c + " -c 'import torch' >/dev/null").code == 0) return c;
    return std::string();
  }();
  return found;
}

#define SKIP_WITHOUT_PYTHON_TORCH()                                                                  \
  if (::gradaudit::testing::python_with_torch().empty())                                            \
  GTEST_SKIP() << "no python3 with torch (install python3-torch, or set GRADAUDIT_PYTHON): "       \
                  "models cannot be saved from Python"

// Runs `script` (with `args`) in `dir`, the repository's python/ folder
// importable; the output names the failure.
inline CliResult run_python(const TempDir& dir, const std::string& script, const std::string& args = "") {
  const std::string path = dir.write("script.py", script);
  return run_command("cd '" + dir.root() + "' && PYTHONPATH='" + source_path("python") + "' " + python_with_torch() +
                     " '" + path + "' " + args);
}

}  // namespace gradaudit::testing
