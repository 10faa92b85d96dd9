// The ranks of a training run, met: one process when no launcher started
// this one (or it started a world of one), else a process group over the
// rendezvous, on the device's backend (NCCL for CUDA, Gloo for the CPU).
#pragma once

#include <c10/core/Device.h>

#include "ddp/world.h"
#include "train/train_request.h"

namespace gradaudit::train {

// Throws ddp::RendezvousError naming the ranks that never came.
ddp::World join_world(const ExecutionOptions& execution, const c10::Device& device);

}  // namespace gradaudit::train
