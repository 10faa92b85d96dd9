// The tft command line as a function, so tests can run it in-process.
#pragma once

namespace gradaudit::tftcli {

// Exit codes (common/exit_codes.h): 0 success, 1 a check found a problem,
// 2 usage or input error, 3 internal error.
int run_tft(int argc, const char* const* argv);

}  // namespace gradaudit::tftcli
