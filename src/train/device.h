// Where a rank trains: the CPU, or the GPU its LOCAL_RANK names. Batches are
// cut and scaled on the CPU and moved to that device for each step.
#pragma once

#include <c10/core/Device.h>

#include <string>

#include "ddp/rendezvous.h"
#include "tft/batch.h"

namespace torch::nn {
class Module;
}

namespace gradaudit::train {

// `devices`: "cpu", "cuda", or "auto" (cuda when LibTorch sees a GPU).
// Throws InputError for cuda without a GPU, or a local rank beyond the GPUs.
c10::Device training_device(const std::string& devices, int local_rank);
// NCCL for CUDA tensors, Gloo for CPU ones.
ddp::Backend backend_for(const c10::Device& device);

tft::TFTInputs to_device(const tft::TFTInputs& inputs, const c10::Device& device);
tft::TrainingBatch to_device(const tft::TrainingBatch& batch, const c10::Device& device);
// The device of a module's first parameter (CPU for a module without any).
c10::Device device_of(const torch::nn::Module& module);

}  // namespace gradaudit::train
