#include "train/join_world.h"

#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

#include "ddp/rendezvous.h"
#include "train/device.h"

namespace gradaudit::train {

ddp::World join_world(const ExecutionOptions& execution, const c10::Device& device) {
  if (!execution.rendezvous || execution.rendezvous->world_size <= 1) return ddp::World();
  const ddp::Rendezvous& where = *execution.rendezvous;
  auto group = ddp::make_process_group(where, backend_for(device), execution.timeout);
  return ddp::World(where.rank, where.world_size, where.local_rank, std::move(group), device.str());
}

}  // namespace gradaudit::train
