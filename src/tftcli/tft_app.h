// The tft command line as a function, so tests can run it in-process.
#pragma once

namespace gradaudit::forecasters {
class ModelRegistry;
}

namespace gradaudit::tftcli {

// Exit codes (common/exit_codes.h): 0 success, 1 a check or the pre-flight
// found a problem, 2 usage or input error, 3 internal error; 130 when
// training was interrupted with Ctrl-C (its checkpoint saved).
int run_tft(int argc, const char* const* argv, const forecasters::ModelRegistry& registry);

}  // namespace gradaudit::tftcli
