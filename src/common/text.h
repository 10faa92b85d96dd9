// Small text helpers shared by every component.
#pragma once

#include <fstream>
#include <string>

namespace gradaudit {

// The first line of a message: c10 errors carry a C++ backtrace after it,
// clang diagnostics their context.
inline std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Line `line` (1-based) of a file, "" when there is none.
inline std::string source_line(const std::string& file, unsigned line) {
  std::ifstream in(file);
  std::string text;
  for (unsigned n = 1; n <= line; ++n)
    if (!std::getline(in, text)) return "";
  return line == 0 ? "" : text;
}

}  // namespace gradaudit
