// gradaudit's one logger (spdlog, to stderr, "gradaudit: level: message").
// LibTorch's own glog output (the reducer's INFO lines, "Logging before
// InitGoogleLogging()") is routed here too, so one level governs both.
#pragma once

#include <spdlog/logger.h>

namespace gradaudit {

spdlog::logger& log();

// Level from a name ("debug", "info", "warn", ...); the default is "warn",
// or the GRADAUDIT_LOG environment variable.
void set_log_level(const std::string& level);

}  // namespace gradaudit
