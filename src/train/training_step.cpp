#include "train/training_step.h"

#include <torch/nn/module.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/optimizer.h>

#include "train/device.h"

namespace gradaudit::train {

TrainingStep::TrainingStep(forecasters::ForecastModel model, tft::Loss loss, torch::optim::Optimizer& optimizer,
                           GradientSync& sync, const ddp::World& world, StepSettings settings)
    : model_(std::move(model)),
      loss_(std::move(loss)),
      optimizer_(optimizer),
      sync_(sync),
      world_(world),
      settings_(settings),
      scaler_(settings.precision == Precision::k16Mixed) {}

double TrainingStep::run(const std::vector<tft::TrainingBatch>& micro_batches) {
  // Observed targets per micro-batch, and over the whole global batch.
  std::vector<double> targets;
  double local_targets = 0;
  for (const auto& b : micro_batches) {
    targets.push_back(b.outsample_mask.sum().item<double>());
    local_targets += targets.back();
  }
  const bool one_share = !world_.distributed() && micro_batches.size() == 1;
  const double all_targets = one_share ? local_targets : world_.sum(local_targets);

  const c10::Device device = device_of(*model_.module);
  optimizer_.zero_grad();
  double share = 0;
  for (size_t k = 0; k < micro_batches.size(); ++k) {
    const bool last = k + 1 == micro_batches.size();
    sync_.before_forward(/*sync=*/last);
    const tft::TrainingBatch batch = to_device(micro_batches[k], device);
    tft::TFTOutputs out;
    {
      AutocastScope autocast(settings_.precision, device.type());
      out = model_.forward(batch.inputs);
    }
    const at::Tensor loss = loss_(out.y_hat.to(at::kFloat), batch.outsample_y, batch.outsample_mask);
    // DDP averages gradients over ranks, hence the world size in the weight.
    const double weight =
        one_share ? 1.0 : (all_targets > 0 ? world_.size() * targets[k] / all_targets : 0.0);
    const at::Tensor objective = weight == 1.0 ? loss : loss * weight;
    if (last) {
      std::vector<at::Tensor> outputs = {out.y_hat, out.history_weights, out.future_weights, out.attention_weights};
      if (out.static_weights.defined()) outputs.push_back(out.static_weights);
      sync_.before_backward(outputs);
    }
    scaler_.scale_loss(objective).backward();
    share += loss.item<double>() * weight / world_.size();
  }
  const std::vector<at::Tensor> parameters = model_.module->parameters();
  // The gradients are equal on every rank after the all-reduce, so every
  // rank takes the same decision here.
  const bool finite = scaler_.unscale(parameters);
  if (finite) {
    if (settings_.gradient_clip_val > 0) torch::nn::utils::clip_grad_norm_(parameters, settings_.gradient_clip_val);
    optimizer_.step();
  } else {
    ++skipped_;
  }
  scaler_.update(finite);
  return share;
}

}  // namespace gradaudit::train
