// How one replica's gradients meet the other ranks': nothing in a world of
// one, c10d's reducer (DistributedDataParallel) in a larger one. The trainer
// and `gradaudit ddp-run` step through this one seam.
#pragma once

#include <c10/util/intrusive_ptr.h>

#include <memory>
#include <vector>

#include "ddp/distributed.h"

namespace gradaudit::train {

class GradientSync {
 public:
  // A world of one: gradients stay as backward left them.
  GradientSync();
  // `group` null: a world of one too.
  GradientSync(const torch::nn::Module& module, c10::intrusive_ptr<c10d::ProcessGroup> group,
               ddp::DdpOptions options = {});
  ~GradientSync();
  GradientSync(const GradientSync&) = delete;
  GradientSync& operator=(const GradientSync&) = delete;

  // Before every forward pass. `sync`: this pass's backward all-reduces the
  // gradients; false for the micro-batches of gradient accumulation before
  // the last, whose gradients only add up locally (DDP's no_sync). Throws
  // ddp::UnusedParametersError, naming the parameters, when the previous
  // step left some without gradient.
  void before_forward(bool sync = true);
  // With the forward outputs, before a backward that synchronises.
  void before_backward(const std::vector<at::Tensor>& outputs);

  bool distributed() const { return ddp_ != nullptr; }

 private:
  std::unique_ptr<ddp::DistributedDataParallel> ddp_;
};

}  // namespace gradaudit::train
