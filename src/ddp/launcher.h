// A launcher, like torchrun: starts this node's ranks of a command with
// RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR and
// MASTER_PORT set, forwards SIGINT/SIGTERM to them, waits, and stops the
// others when one fails. Each rank may leave its last error line in the file
// GRADAUDIT_ERROR_FILE names (every gradaudit command line does), so the
// launcher can say why the first failing rank failed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace gradaudit::ddp {

struct RankExit {
  int exit_code = 0;   // valid when signal == 0
  int signal = 0;      // the signal that killed the rank, if any
  std::string error;   // the rank's own last error line, when it left one
  bool ok() const { return signal == 0 && exit_code == 0; }
  // "exited with 2: <error>", "was killed by signal 9 (Killed)".
  std::string describe() const;
};

struct LaunchResult {
  std::vector<RankExit> ranks;   // this node's ranks, by local rank
  int first_rank = 0;            // global rank of ranks[0]
  bool timed_out = false;
  int first_failed_rank = -1;    // local index of the rank that failed first, if any
  int forwarded_signal = 0;      // SIGINT/SIGTERM the launcher received and passed on
  bool ok() const;
};

struct LaunchSpec {
  std::vector<std::string> argv;  // argv[0] is the program (a path)
  int nproc_per_node = 1;
  int nnodes = 1;
  int node_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 0;  // 0: a free loopback port (one node only)
  std::chrono::milliseconds timeout{0};  // the whole run; 0: none
  // After the first failure the others get `grace` to notice (their
  // collectives fail or time out) before SIGTERM, and another before SIGKILL.
  std::chrono::milliseconds grace = std::chrono::seconds(5);
  // SIGINT/SIGTERM sent to the launcher are passed on to every rank (the
  // ranks run in their own process group, so a terminal's Ctrl-C reaches
  // them once, through the launcher).
  bool forward_signals = true;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();

// Throws std::invalid_argument for an impossible topology.
LaunchResult launch(const LaunchSpec& spec);

// One node, a free loopback port, no signal forwarding (for tests and
// `gradaudit ddp-run`).
LaunchResult launch_local(int nproc, const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          std::chrono::milliseconds grace = std::chrono::seconds(5));

// The running executable's path (/proc/self/exe) and its whole command line
// (/proc/self/cmdline), for launching copies of this very invocation.
std::string self_executable();
std::vector<std::string> self_command_line();

// Where a rank leaves its last error line for the launcher (the
// GRADAUDIT_ERROR_FILE environment variable); "" when none was asked.
std::string error_file_for_this_rank();

}  // namespace gradaudit::ddp
