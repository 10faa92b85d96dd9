#pragma once

namespace gradaudit::report {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace gradaudit::report
