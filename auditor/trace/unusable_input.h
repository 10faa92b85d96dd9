// An input error in what the audit was given (a manifest entry's model file,
// or a spec that does not fit it), found only when the entry is loaded for
// its probe. Unlike a configuration the model cannot be built for (a
// finding), it stops the audit: exit 2, with its one line.
#pragma once

#include "common/input_error.h"

namespace gradaudit::trace {

class UnusableInput : public InputError {
 public:
  using InputError::InputError;
};

}  // namespace gradaudit::trace
