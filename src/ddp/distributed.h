// DistributedDataParallel in C++ on PyTorch's own c10d engine: the Reducer
// that Python's DDP uses, driven the way Python drives it.
//
// Heavy c10d headers stay in the .cpp files; this header only forward-declares.
#pragma once

#include <c10/util/intrusive_ptr.h>
#include <torch/nn/module.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "ddp/errors.h"

namespace c10d {
class ProcessGroup;
class Reducer;
}  // namespace c10d

namespace gradaudit::ddp {

struct DdpOptions {
  bool find_unused_parameters = false;
  int64_t bucket_cap_mb = 25;
  bool broadcast_parameters = true;  // copy rank 0's parameters to every rank first
};

// Named trainable tensors, in the order the reducer indexes them.
using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;
// A module's parameters with their names, in registration order.
NamedTensors named_parameters_of(const torch::nn::Module& module);

class DistributedDataParallel {
 public:
  DistributedDataParallel(const torch::nn::Module& module, c10::intrusive_ptr<c10d::ProcessGroup> process_group,
                          DdpOptions options = {});
  // For models that are not torch::nn::Modules (TorchScript): their
  // parameters (those with requires_grad are reduced) and buffers.
  DistributedDataParallel(const NamedTensors& parameters, const std::vector<at::Tensor>& buffers,
                          c10::intrusive_ptr<c10d::ProcessGroup> process_group, DdpOptions options = {});
  ~DistributedDataParallel();
  DistributedDataParallel(const DistributedDataParallel&) = delete;
  DistributedDataParallel& operator=(const DistributedDataParallel&) = delete;

  // Call before every forward pass. Throws UnusedParametersError when the
  // previous iteration left parameters without gradient.
  void before_forward();
  // Call with the forward outputs before backward. The outputs are used only
  // with find_unused_parameters, to find the parameters they do not reach.
  void before_backward(const std::vector<at::Tensor>& outputs);

  const std::vector<std::string>& parameter_names() const { return names_; }

 private:
  c10::intrusive_ptr<c10d::ProcessGroup> process_group_;
  DdpOptions options_;
  std::vector<std::string> names_;
  std::unique_ptr<c10d::Reducer> reducer_;
};

// Routes glog/c10 logging (the reducer's INFO lines, "Logging before
// InitGoogleLogging()") through gradaudit's logger. Idempotent.
void quiet_native_logging();

}  // namespace gradaudit::ddp
