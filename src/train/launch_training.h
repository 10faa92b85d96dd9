// `tft train --nproc-per-node N`: the launcher side of a several-process
// run. It prepares and audits the run once (so a bad configuration or a
// model that would starve DDP stops before any rank starts), then starts this
// node's ranks as copies of the same command line and reports how they ended.
#pragma once

#include <string>

#include "forecasters/model_registry.h"
#include "train/train_request.h"

namespace gradaudit::train {

struct LaunchTopology {
  int nproc_per_node = 1;
  int nnodes = 1;
  int node_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 0;  // 0: a free loopback port (one node)
};

struct LaunchReport {
  int exit_code = 0;     // 0; 1 refused or a rank failed (or its own code); 130 interrupted
  std::string message;   // for stderr: the refusal, or which rank failed first and why
};

// Throws InputError naming the flag of an impossible topology.
void validate_topology(const LaunchTopology& topology);

// The ranks run this process's own command line (/proc/self/cmdline) with
// the launcher's environment (RANK, WORLD_SIZE, ...) and --no-preflight when
// the audit ran here. Throws InputError for a bad run or topology.
LaunchReport launch_training(const forecasters::ModelRegistry& registry, const TrainRequest& request,
                             const LaunchTopology& topology);

}  // namespace gradaudit::train
