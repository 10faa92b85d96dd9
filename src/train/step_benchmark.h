// `tft bench-step`: training steps (forward, backward, Adam) of a model on
// synthetic windows, timed one by one after a warm-up.
#pragma once

#include <vector>

#include "forecasters/model_registry.h"
#include "tft/loss.h"
#include "tft/options.h"

namespace gradaudit::train {

struct StepBenchmark {
  int64_t batch_size = 32;
  int steps = 20;
  int warmup = 5;
  int threads = 0;  // 0: LibTorch's default
};

// Milliseconds of each timed step.
std::vector<double> time_training_steps(const forecasters::ModelEntry& entry, const tft::TFTOptions& options,
                                        const tft::Loss& loss, const StepBenchmark& bench);

}  // namespace gradaudit::train
