// A training run that cannot go on for a reason of its own (not the input,
// not another rank): its loss stopped being a number. `tft train` exits 1.
#pragma once

#include <stdexcept>

namespace gradaudit::train {

class TrainingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gradaudit::train
