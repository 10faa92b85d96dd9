// A run folder: RUN_DIR/checkpoint/ holds everything needed to continue or
// use a run (run.json: the spec and the training state; weights.pt,
// best.pt, optimizer.pt: LibTorch serialisation), and RUN_DIR/metrics.csv
// the history. The checkpoint folder is replaced atomically: written whole
// next to the old one, then swapped in with one rename, so a run killed at
// any moment leaves a loadable checkpoint (the previous one, or the new one).
#pragma once

#include <c10/core/Device.h>

#include <memory>
#include <string>

#include "train/run_spec.h"

namespace torch::nn {
class Module;
}
namespace torch::optim {
class Optimizer;
}

namespace gradaudit::train {

struct RunState {
  int64_t step = 0;                // optimisation steps done
  double best_valid_loss = -1;     // < 0: no validation yet
  int64_t best_step = 0;
  double final_valid_loss = -1;    // the finished model's (the best weights restored)
  int64_t checks_without_improvement = 0;
  bool stopped_early = false;
  bool finished = false;
  double seconds = 0.0;            // training time so far, over every resumption
};

struct Checkpoint {
  RunSpec spec;
  RunState state;
};

// Writes the checkpoint of `run_dir` (created if missing). `best` may be null
// (no validation). Throws InputError naming the folder when it cannot write.
void save_checkpoint(const std::string& run_dir, const Checkpoint& checkpoint, torch::nn::Module& weights,
                     torch::nn::Module* best, torch::optim::Optimizer& optimizer);

// Reads run.json; throws InputError naming the file for a folder that is not
// a run, or a record that is damaged.
Checkpoint read_checkpoint(const std::string& run_dir);
// Loads the weights (`best.pt` when `best` and present, else weights.pt)
// into a model built from the recorded spec, on the CPU whatever device
// wrote them; a damaged or mismatched file is an InputError naming it.
void load_weights(const std::string& run_dir, torch::nn::Module& model, bool best = false);
// The optimizer's state onto `device` (where its parameters live).
void load_optimizer(const std::string& run_dir, torch::optim::Optimizer& optimizer,
                    const c10::Device& device = c10::Device(c10::DeviceType::CPU));

std::string checkpoint_dir(const std::string& run_dir);

}  // namespace gradaudit::train
