// The one error type for bad user input: its message is already the one line
// the user sees ("file:line: what was expected"), and the CLIs exit with 2.
#pragma once

#include <cstdio>
#include <stdexcept>
#include <string>

namespace gradaudit {

// Control characters shown as escapes (\n, \r, \t, \xHH): messages quote the
// user's input (a YAML key "a\nb", a parser's view of a bad escape), and a
// newline in it would break the one line the CLIs promise.
inline std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(one_line(message)) {}
};

}  // namespace gradaudit
