// One optimisation step of one replica: forward and backward over the step's
// micro-batches (gradient accumulation), the gradients synchronised across
// ranks on the last one, optional unscaling and clipping, the update.
//
// The objective is the mean loss over every observed target of the step's
// global batch (all micro-batches of all ranks): each micro-batch's masked
// mean is weighted by its share of the targets, so N ranks with b windows
// each step exactly as one process with N*b windows would.
#pragma once

#include <vector>

#include "ddp/world.h"
#include "forecasters/model_registry.h"
#include "tft/batch.h"
#include "tft/loss.h"
#include "train/gradient_sync.h"
#include "train/precision.h"

namespace torch::optim {
class Optimizer;
}

namespace gradaudit::train {

struct StepSettings {
  double gradient_clip_val = 0.0;  // > 0 clips the gradients' global norm, as Lightning does
  Precision precision = Precision::k32;
};

class TrainingStep {
 public:
  // `world` is the one `sync` reduces over (a world of one without DDP).
  TrainingStep(forecasters::ForecastModel model, tft::Loss loss, torch::optim::Optimizer& optimizer,
               GradientSync& sync, const ddp::World& world, StepSettings settings = {});

  // Runs the step and returns this rank's share of its loss (the shares of
  // all ranks add up to the step's loss; in a world of one, the loss). The
  // batches may be on the CPU: they move to the model's device.
  double run(const std::vector<tft::TrainingBatch>& micro_batches);
  double run(const tft::TrainingBatch& batch) { return run(std::vector<tft::TrainingBatch>{batch}); }

  // fp16 steps skipped because a gradient overflowed (16-mixed only).
  int64_t skipped_steps() const { return skipped_; }

 private:
  forecasters::ForecastModel model_;
  tft::Loss loss_;
  torch::optim::Optimizer& optimizer_;
  GradientSync& sync_;
  const ddp::World& world_;
  StepSettings settings_;
  GradScaler scaler_;
  int64_t skipped_ = 0;
};

}  // namespace gradaudit::train
