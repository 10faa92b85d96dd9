// The gradaudit command line as a function, so tests can run it in-process.
#pragma once

namespace gradaudit::cli {

// Exit codes: 0 no finding at or above the failing severity, 1 findings,
// 2 usage or input error.
int run_gradaudit(int argc, const char* const* argv);

}  // namespace gradaudit::cli
