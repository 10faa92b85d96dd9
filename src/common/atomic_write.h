// Outputs are written whole or not at all: a temporary file in the target's
// directory, flushed, then renamed over the target. An interrupted run never
// leaves a half-written report where the user had a good one.
#pragma once

#include <string>

namespace gradaudit {

// "-" or "" writes to stdout. Throws InputError naming the path on failure.
void write_output(const std::string& path, const std::string& contents);

}  // namespace gradaudit
