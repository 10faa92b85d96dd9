// Moved to src/common/atomic_write.h (the trainer writes atomically too).
#pragma once

#include "common/atomic_write.h"

namespace gradaudit::report {
using gradaudit::write_output;
}  // namespace gradaudit::report
