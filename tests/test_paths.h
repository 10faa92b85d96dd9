// Where the source tree is, for suites that read its data files.
#pragma once

#include <string>

namespace gradaudit::testing {

inline std::string source_path(const std::string& relative) {
  return std::string(GRADAUDIT_SOURCE_DIR) + "/" + relative;
}

}  // namespace gradaudit::testing
