// The tft command line as a function, so tests can run it in-process.
#pragma once

namespace gradaudit::cli {

// Exit codes: 0 success, 1 a check found a problem, 2 usage or input error.
int run_tft(int argc, const char* const* argv);

}  // namespace gradaudit::cli
