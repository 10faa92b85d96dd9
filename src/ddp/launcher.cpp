#include "ddp/launcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "common/log.h"
#include "ddp/child_process.h"

namespace gradaudit::ddp {

bool LaunchResult::ok() const {
  return !timed_out && std::all_of(ranks.begin(), ranks.end(), [](const RankExit& r) { return r.ok(); });
}

std::string RankExit::describe() const {
  if (signal != 0) return fmt::format("was killed by signal {} ({})", signal, ::strsignal(signal));
  return error.empty() ? fmt::format("exited with {}", exit_code) : fmt::format("exited with {}: {}", exit_code, error);
}

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("launcher: cannot create a socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("launcher: cannot find a free loopback port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string self_executable() {
  char buffer[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (n <= 0) throw std::runtime_error("launcher: cannot read /proc/self/exe");
  return std::string(buffer, static_cast<size_t>(n));
}

std::vector<std::string> self_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::vector<std::string> args;
  std::string arg;
  while (std::getline(in, arg, '\0')) args.push_back(arg);
  if (args.empty()) throw std::runtime_error("launcher: cannot read /proc/self/cmdline");
  args.front() = self_executable();  // argv[0] may be a bare name found through PATH
  return args;
}

std::string error_file_for_this_rank() {
  const char* path = std::getenv("GRADAUDIT_ERROR_FILE");
  return path ? path : "";
}

namespace {

volatile sig_atomic_t g_pending_signal = 0;

extern "C" void remember_signal(int signal) { g_pending_signal = signal; }

// Installs the forwarding handlers for the life of a launch.
class SignalForwarding {
 public:
  explicit SignalForwarding(bool enabled) : enabled_(enabled) {
    g_pending_signal = 0;
    if (!enabled_) return;
    struct sigaction action {};
    action.sa_handler = remember_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &previous_int_);
    ::sigaction(SIGTERM, &action, &previous_term_);
  }
  ~SignalForwarding() {
    if (!enabled_) return;
    ::sigaction(SIGINT, &previous_int_, nullptr);
    ::sigaction(SIGTERM, &previous_term_, nullptr);
  }
  SignalForwarding(const SignalForwarding&) = delete;
  SignalForwarding& operator=(const SignalForwarding&) = delete;

 private:
  bool enabled_;
  struct sigaction previous_int_ {}, previous_term_ {};
};

// A private folder (mode 0700) for the ranks' error files and, on one
// machine, their store file; removed with the launch.
class LaunchFolder {
 public:
  LaunchFolder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/gradaudit-launch-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
  }
  ~LaunchFolder() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  LaunchFolder(const LaunchFolder&) = delete;
  LaunchFolder& operator=(const LaunchFolder&) = delete;

  std::string path(int rank) const { return dir_.empty() ? "" : fmt::format("{}/rank-{}.err", dir_, rank); }
  std::string read(int rank) const { return last_line_of(path(rank)); }
  // Where the ranks of a one-machine launch meet (ddp::Rendezvous::store_file).
  std::string store_path() const { return dir_.empty() ? "" : dir_ + "/store"; }

 private:
  std::string dir_;
};

// RANK=.., WORLD_SIZE=.. over the rest of this process's environment.
std::vector<std::string> rank_environment(const LaunchSpec& spec, int local_rank, int port,
                                          const std::string& error_file, const std::string& store_file) {
  const int world = spec.nnodes * spec.nproc_per_node;
  const int rank = spec.node_rank * spec.nproc_per_node + local_rank;
  std::vector<std::pair<std::string, std::string>> ours = {
      {"RANK", std::to_string(rank)},
      {"LOCAL_RANK", std::to_string(local_rank)},
      {"WORLD_SIZE", std::to_string(world)},
      {"LOCAL_WORLD_SIZE", std::to_string(spec.nproc_per_node)},
      {"GROUP_RANK", std::to_string(spec.node_rank)},
      {"MASTER_ADDR", spec.master_addr},
      {"MASTER_PORT", std::to_string(port)},
  };
  if (!error_file.empty()) ours.emplace_back("GRADAUDIT_ERROR_FILE", error_file);
  if (!store_file.empty()) ours.emplace_back("GRADAUDIT_STORE_FILE", store_file);
  return environment_with(ours);
}

void validate(const LaunchSpec& spec) {
  if (spec.argv.empty()) throw std::invalid_argument("launcher: no command to launch");
  if (spec.nproc_per_node < 1) throw std::invalid_argument("launcher: nproc_per_node: expected at least 1");
  if (spec.nnodes < 1) throw std::invalid_argument("launcher: nnodes: expected at least 1");
  if (spec.node_rank < 0 || spec.node_rank >= spec.nnodes)
    throw std::invalid_argument(fmt::format("launcher: node_rank {} is outside 0..{}", spec.node_rank, spec.nnodes - 1));
  if (spec.nnodes > 1 && spec.master_port == 0)
    throw std::invalid_argument("launcher: several nodes need a master port every node knows");
}

}  // namespace

LaunchResult launch(const LaunchSpec& spec) {
  validate(spec);
  const int nproc = spec.nproc_per_node;
  const int port = spec.master_port != 0 ? spec.master_port : free_loopback_port();
  log().info("launching {} rank(s) of {} on {}:{}: {}", nproc, spec.nnodes * nproc, spec.master_addr, port,
             spec.argv.front());
  LaunchFolder folder;
  SignalForwarding forwarding(spec.forward_signals);
  std::vector<pid_t> pids;
  for (int local = 0; local < nproc; ++local) {
    try {
      // Only ranks on one machine can share a file.
      const std::string store = spec.nnodes == 1 ? folder.store_path() : "";
      pids.push_back(spawn_child(spec.argv, rank_environment(spec, local, port, folder.path(local), store)));
    } catch (const std::runtime_error&) {
      for (pid_t started : pids) ::kill(started, SIGKILL);
      throw;
    }
  }

  LaunchResult result;
  result.ranks.resize(nproc);
  result.first_rank = spec.node_rank * nproc;
  std::vector<bool> done(nproc, false);
  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point first_failure{}, terminated_at{};
  bool failed = false, terminated = false, killed = false;
  for (int remaining = nproc; remaining > 0;) {
    if (const int signal = g_pending_signal) {
      g_pending_signal = 0;
      result.forwarded_signal = signal;
      for (int i = 0; i < nproc; ++i)
        if (!done[i]) ::kill(pids[i], signal);
    }
    bool reaped = false;
    for (int i = 0; i < nproc; ++i) {
      if (done[i]) continue;
      int status = 0;
      if (::waitpid(pids[i], &status, WNOHANG) != pids[i]) continue;
      done[i] = true;
      --remaining;
      reaped = true;
      if (WIFSIGNALED(status)) result.ranks[i].signal = WTERMSIG(status);
      if (WIFEXITED(status)) result.ranks[i].exit_code = WEXITSTATUS(status);
      if (!result.ranks[i].ok()) result.ranks[i].error = folder.read(i);
      // A rank that stops because the launcher passed on Ctrl-C has not failed.
      if (!result.ranks[i].ok() && !failed && result.forwarded_signal == 0) {
        failed = true;
        result.first_failed_rank = i;
        first_failure = std::chrono::steady_clock::now();
      }
    }
    if (remaining == 0) break;
    const auto now = std::chrono::steady_clock::now();
    const bool overdue = spec.timeout.count() > 0 && now - start > spec.timeout;
    // A rank stuck in a collective may ignore SIGTERM: SIGKILL follows.
    if (!terminated && (overdue || (failed && now - first_failure > spec.grace))) {
      result.timed_out = overdue;
      for (int i = 0; i < nproc; ++i)
        if (!done[i]) ::kill(pids[i], SIGTERM);
      terminated = true;
      terminated_at = now;
    } else if (terminated && !killed && now - terminated_at > spec.grace) {
      for (int i = 0; i < nproc; ++i)
        if (!done[i]) ::kill(pids[i], SIGKILL);
      killed = true;
    }
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return result;
}

LaunchResult launch_local(int nproc, const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          std::chrono::milliseconds grace) {
  LaunchSpec spec;
  spec.argv = argv;
  spec.nproc_per_node = nproc;
  spec.timeout = timeout;
  spec.grace = grace;
  spec.forward_signals = false;
  return launch(spec);
}

}  // namespace gradaudit::ddp
