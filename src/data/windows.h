// Cuts model input windows out of a LongFrame.
#pragma once

#include <string>
#include <vector>

#include "data/long_frame.h"
#include "tft/batch.h"

namespace gradaudit::data {

// Which frame columns feed which kind of TFT input.
struct ExogenousRoles {
  std::vector<std::string> futr;  // known over the horizon
  std::vector<std::string> hist;  // observed in the past only
  bool stat = false;              // use the frame's static columns
};

struct WindowBatch {
  tft::TFTInputs inputs;
  at::Tensor outsample_y;     // [B, h], scaled like insample_y
  at::Tensor outsample_mask;  // [B, h]
  std::vector<std::string> ids;
};

// The last window of every series: input_size observed steps followed by the
// h steps to forecast (the holdout convention of the bundled baselines).
// Targets are scaled per window by the observed part's mean and standard
// deviation; exogenous columns by their mean and deviation over the frame.
// Throws InputError when a series is shorter than input_size + h.
WindowBatch last_windows(const LongFrame& frame, const ExogenousRoles& roles, int64_t input_size, int64_t h);

}  // namespace gradaudit::data
