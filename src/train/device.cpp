#include "train/device.h"

#include <fmt/format.h>
#include <torch/cuda.h>
#include <torch/nn/module.h>

#include "common/input_error.h"

namespace gradaudit::train {
namespace {

c10::optional<at::Tensor> moved(const c10::optional<at::Tensor>& t, const c10::Device& device) {
  if (!t || !t->defined()) return t;
  return t->to(device, /*non_blocking=*/true);
}

}  // namespace

c10::Device training_device(const std::string& devices, int local_rank) {
  if (devices != "auto" && devices != "cpu" && devices != "cuda")
    throw InputError("--devices: expected cpu, cuda or auto, got '" + devices + "'");
  const bool cuda = devices == "cuda" || (devices == "auto" && torch::cuda::is_available());
  if (!cuda) return c10::Device(c10::DeviceType::CPU);
  const int64_t gpus = static_cast<int64_t>(torch::cuda::device_count());
  if (gpus == 0) throw InputError("--devices cuda: LibTorch sees no GPU here (a CPU-only build, or no driver); use --devices cpu");
  if (local_rank >= gpus)
    throw InputError(fmt::format("--devices cuda: LOCAL_RANK {} has no GPU of its own ({} visible); start at most {} "
                                 "ranks per node",
                                 local_rank, gpus, gpus));
  return c10::Device(c10::DeviceType::CUDA, static_cast<c10::DeviceIndex>(local_rank));
}

ddp::Backend backend_for(const c10::Device& device) {
  return device.is_cuda() ? ddp::Backend::kNccl : ddp::Backend::kGloo;
}

tft::TFTInputs to_device(const tft::TFTInputs& inputs, const c10::Device& device) {
  if (inputs.insample_y.device() == device) return inputs;
  tft::TFTInputs out;
  out.insample_y = inputs.insample_y.to(device, /*non_blocking=*/true);
  out.futr_exog = moved(inputs.futr_exog, device);
  out.hist_exog = moved(inputs.hist_exog, device);
  out.stat_exog = moved(inputs.stat_exog, device);
  return out;
}

tft::TrainingBatch to_device(const tft::TrainingBatch& batch, const c10::Device& device) {
  if (batch.outsample_y.device() == device) return batch;
  tft::TrainingBatch out;
  out.inputs = to_device(batch.inputs, device);
  out.outsample_y = batch.outsample_y.to(device, /*non_blocking=*/true);
  out.outsample_mask = batch.outsample_mask.to(device, /*non_blocking=*/true);
  return out;
}

c10::Device device_of(const torch::nn::Module& module) {
  const auto parameters = module.parameters();
  return parameters.empty() ? c10::Device(c10::DeviceType::CPU) : parameters.front().device();
}

}  // namespace gradaudit::train
