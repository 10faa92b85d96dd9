#include "train/training_step.h"

#include <torch/nn/module.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/optimizer.h>

namespace gradaudit::train {

TrainingStep::TrainingStep(forecasters::ForecastModel model, tft::Loss loss, torch::optim::Optimizer& optimizer,
                           GradientSync& sync, double gradient_clip_val)
    : model_(std::move(model)),
      loss_(std::move(loss)),
      optimizer_(optimizer),
      sync_(sync),
      gradient_clip_val_(gradient_clip_val) {}

double TrainingStep::run(const tft::TrainingBatch& batch) {
  optimizer_.zero_grad();
  sync_.before_forward();
  const tft::TFTOutputs out = model_.forward(batch.inputs);
  const at::Tensor loss = loss_(out.y_hat, batch.outsample_y, batch.outsample_mask);
  std::vector<at::Tensor> outputs = {out.y_hat, out.history_weights, out.future_weights, out.attention_weights};
  if (out.static_weights.defined()) outputs.push_back(out.static_weights);
  sync_.before_backward(outputs);
  loss.backward();
  if (gradient_clip_val_ > 0) torch::nn::utils::clip_grad_norm_(model_.module->parameters(), gradient_clip_val_);
  optimizer_.step();
  return loss.item<double>();
}

}  // namespace gradaudit::train
