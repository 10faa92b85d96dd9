#include "train/gradient_sync.h"

#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

namespace gradaudit::train {

GradientSync::GradientSync() = default;

GradientSync::GradientSync(const torch::nn::Module& module, c10::intrusive_ptr<c10d::ProcessGroup> group,
                           ddp::DdpOptions options) {
  if (group) ddp_ = std::make_unique<ddp::DistributedDataParallel>(module, std::move(group), options);
}

GradientSync::~GradientSync() = default;

void GradientSync::before_forward(bool sync) {
  // Without prepare_for_backward the reducer's hooks stay idle, so the
  // gradients accumulate in place until the synchronising pass.
  if (ddp_ && sync) ddp_->before_forward();
}

void GradientSync::before_backward(const std::vector<at::Tensor>& outputs) {
  if (ddp_) ddp_->before_backward(outputs);
}

}  // namespace gradaudit::train
