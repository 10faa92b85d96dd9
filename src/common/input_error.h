// The one error type for bad user input: its message is already the one line
// the user sees ("file:line: what was expected"), and the CLIs exit with 2.
#pragma once

#include <stdexcept>
#include <string>

namespace gradaudit {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace gradaudit
