// One line for an error a model threw. TorchScript errors begin with "The
// following operation failed in the TorchScript interpreter." and end with
// the cause ("RuntimeError: ... Output size is too small"); between them the
// tracebacks, whose frames in the user's own source say where it happened.
#pragma once

#include <string>

namespace gradaudit::trace {

// The cause line of a TorchScript error, followed by the model's source
// location when the error gives one ("... (at model.py:23, in forward)");
// the first line of any other message.
std::string error_summary(const std::string& what);

}  // namespace gradaudit::trace
