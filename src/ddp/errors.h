// What goes wrong between ranks, as exceptions the trainer and the launcher
// can tell apart: the run could not meet, lost a rank, or its replicas no
// longer agree. Each message names the rank or parameter concerned.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace gradaudit::ddp {

class DistributedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The ranks could not meet: rank 0's store unreachable, or ranks missing
// when the rendezvous timed out.
class RendezvousError : public DistributedError {
 public:
  using DistributedError::DistributedError;
};

// A collective failed: another rank exited, or it timed out.
class CollectiveError : public DistributedError {
 public:
  using DistributedError::DistributedError;
};

// The replicas' parameters differ (--check-sync-every found it).
class ReplicaDivergenceError : public DistributedError {
 public:
  using DistributedError::DistributedError;
};

// The reducer found parameters without gradient in the previous iteration.
// `parameters` holds their names (the reducer itself only gives indices).
class UnusedParametersError : public DistributedError {
 public:
  UnusedParametersError(const std::string& message, std::vector<std::string> parameters)
      : DistributedError(message), parameters(std::move(parameters)) {}
  std::vector<std::string> parameters;
};

}  // namespace gradaudit::ddp
