// The trainer: data -> windows -> steps -> validation -> checkpoints, on one
// process (the several-process trainer drives the same steps through
// GradientSync). What `tft train` runs.
#pragma once

#include <cstdio>
#include <string>

#include "forecasters/model_registry.h"
#include "train/progress.h"
#include "train/run_spec.h"

namespace gradaudit::train {

struct TrainRequest {
  RunSpec spec;            // ignored when resuming: the folder's own is used
  std::string run_dir;
  bool resume = false;
  bool preflight = true;
  int threads = 0;         // intra-op threads (and OpenBLAS's pool); 0: LibTorch's default
  ProgressStyle progress = ProgressStyle::kLines;
  std::FILE* out = stderr;
};

struct TrainResult {
  enum class Outcome { kFinished, kStoppedEarly, kInterrupted, kRefused };
  Outcome outcome = Outcome::kFinished;
  int64_t steps = 0;
  double best_valid_loss = -1;  // < 0: no validation
  int64_t best_step = 0;
  double seconds = 0.0;             // this invocation's training time
  double windows_per_second = 0.0;  // training windows processed per second
  std::string preflight_report;     // why the pre-flight refused
};

// Trains (or continues) the run. Ctrl-C saves a checkpoint and returns
// kInterrupted. Throws InputError for bad data, configuration or folder.
TrainResult train(const forecasters::ModelRegistry& registry, const TrainRequest& request);

// Uses `threads` cores for compute: OpenBLAS's own pool (which
// at::set_num_threads does not reach) gets them and LibTorch's intra-op pool
// one, so the two never nest; without OpenBLAS, LibTorch's pool gets them.
void set_compute_threads(int threads);

// A 64-bit seed for step `step` of a run seeded `seed`: sampling and dropout
// at each step depend only on these two, so a resumed run draws what an
// uninterrupted one would have.
uint64_t step_seed(int64_t seed, int64_t step);

}  // namespace gradaudit::train
