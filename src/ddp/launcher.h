// A local launcher, like torchrun --standalone: starts N copies of a command
// with RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, MASTER_ADDR and
// MASTER_PORT set (a free loopback port), waits, and stops the others when
// one fails.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace gradaudit::ddp {

struct RankExit {
  int exit_code = 0;  // valid when signal == 0
  int signal = 0;     // the signal that killed the rank, if any
  bool ok() const { return signal == 0 && exit_code == 0; }
};

struct LaunchResult {
  std::vector<RankExit> ranks;
  bool timed_out = false;
  int first_failed_rank = -1;  // the rank that failed first, if any
  bool ok() const;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();

// argv[0] is the program (a path). After the first failure the other ranks
// get `grace` to notice (their collectives time out) before SIGTERM, and
// another `grace` before SIGKILL; the whole run gets `timeout`.
LaunchResult launch_local(int nproc, const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          std::chrono::milliseconds grace = std::chrono::seconds(5));

// The running executable's path (/proc/self/exe).
std::string self_executable();

}  // namespace gradaudit::ddp
