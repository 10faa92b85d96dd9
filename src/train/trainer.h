// The trainer: data -> windows -> steps -> validation -> checkpoints, on one
// process or as one rank of several (DistributedDataParallel on c10d). What
// `tft train` runs in each process.
#pragma once

#include <cstdint>
#include <string>

#include "forecasters/model_registry.h"
#include "train/train_request.h"

namespace gradaudit::train {

struct TrainResult {
  enum class Outcome { kFinished, kStoppedEarly, kInterrupted, kRefused };
  Outcome outcome = Outcome::kFinished;
  int64_t steps = 0;
  double best_valid_loss = -1;  // < 0: no validation
  int64_t best_step = 0;
  double seconds = 0.0;             // this invocation's training time
  double windows_per_second = 0.0;  // training windows processed per second, over every rank
  int world_size = 1;
  int rank = 0;
  int64_t skipped_steps = 0;        // 16-mixed steps skipped for an overflowing gradient
  std::string preflight_report;     // why the pre-flight refused
};

// Trains (or continues) the run. On several ranks every rank calls it: each
// trains its share of every batch, and rank 0 alone writes the run folder.
// Ctrl-C or SIGTERM saves a checkpoint and returns kInterrupted (on every
// rank at the same step). Throws InputError for bad data, configuration or
// folder, and ddp::DistributedError (naming the rank, and for parameters
// without gradient the parameters and the fixes) when the ranks fail.
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
