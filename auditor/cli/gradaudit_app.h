// The gradaudit command line as a function, so tests can run it in-process.
#pragma once

namespace gradaudit::forecasters {
class ModelRegistry;
}

namespace gradaudit::cli {

// Exit codes (common/exit_codes.h): 0 no finding at or above the failing
// severity, 1 findings, 2 usage or input error, 3 internal error.
// `registry` holds the models `trace --model` and `ddp-run --model` know.
int run_gradaudit(int argc, const char* const* argv, const forecasters::ModelRegistry& registry);

}  // namespace gradaudit::cli
