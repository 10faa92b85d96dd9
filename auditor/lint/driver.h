// Runs the collector over translation units like clang-tidy does: compile
// commands from compile_commands.json (-p) or from the arguments after `--`,
// one clang parse per file, files in parallel.
#pragma once

#include <string>
#include <vector>

#include "lint/facts.h"

namespace gradaudit::lint {

struct DriverOptions {
  std::string build_dir;               // holds compile_commands.json; "" to use extra_args
  std::vector<std::string> files;
  std::vector<std::string> extra_args; // after `--`
  std::string resource_dir;            // clang's builtin headers; "" for the configured one
  int jobs = 0;                        // 0: one per core
};

struct TuOutcome {
  std::string file;
  bool ok = true;
  std::string diagnostics;  // clang's own, when the file did not parse
  double seconds = 0.0;
};

struct DriverResult {
  TuFacts facts;  // merged over every file that parsed
  std::vector<TuOutcome> units;
};

// Throws InputError for a missing compilation database or file.
DriverResult run_driver(const DriverOptions& options);

// The resource directory baked in at configure time, unless
// GRADAUDIT_CLANG_RESOURCE_DIR overrides it.
std::string default_resource_dir();

}  // namespace gradaudit::lint
