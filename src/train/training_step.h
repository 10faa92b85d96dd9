// One optimisation step of one replica: forward, loss, backward with the
// gradients synchronised across ranks, optional clipping, optimizer step.
#pragma once

#include "forecasters/model_registry.h"
#include "tft/batch.h"
#include "tft/loss.h"
#include "train/gradient_sync.h"

namespace torch::optim {
class Optimizer;
}

namespace gradaudit::train {

class TrainingStep {
 public:
  // `gradient_clip_val` > 0 clips the gradients' global norm, as Lightning does.
  TrainingStep(forecasters::ForecastModel model, tft::Loss loss, torch::optim::Optimizer& optimizer,
               GradientSync& sync, double gradient_clip_val = 0.0);

  // Runs the step on `batch` and returns its loss (before the update).
  double run(const tft::TrainingBatch& batch);

 private:
  forecasters::ForecastModel model_;
  tft::Loss loss_;
  torch::optim::Optimizer& optimizer_;
  GradientSync& sync_;
  double gradient_clip_val_;
};

}  // namespace gradaudit::train
