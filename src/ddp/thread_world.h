// Several DDP ranks as threads of one process: each thread has its own Gloo
// process group over one shared in-memory store, its own model copy and its
// own reducer. Behaves like separate processes (same errors, same
// synchronisation) at a fraction of the start-up cost.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace c10d {
class ProcessGroup;
}
#include <c10/util/intrusive_ptr.h>

namespace gradaudit::ddp {

struct RankOutcome {
  bool ok = true;
  std::string error;                       // first line of the exception, if any
  std::vector<std::string> unused_parameters;  // when the reducer named them
};

// Runs body(rank, process_group) on world_size threads and returns each
// rank's outcome. Exceptions are caught per rank; the collective timeout
// keeps a rank whose peers failed from waiting forever.
std::vector<RankOutcome> run_threads(int world_size,
                                     const std::function<void(int, c10::intrusive_ptr<c10d::ProcessGroup>)>& body,
                                     std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace gradaudit::ddp
