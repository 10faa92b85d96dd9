#include "ddp/launcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "common/log.h"

namespace gradaudit::ddp {

bool LaunchResult::ok() const {
  return !timed_out && std::all_of(ranks.begin(), ranks.end(), [](const RankExit& r) { return r.ok(); });
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

namespace {

// RANK=.., WORLD_SIZE=.. and the rest of this process's environment, as
// execve wants it. Built before fork(): the child may only call
// async-signal-safe functions, and setenv/malloc are not.
std::vector<std::string> rank_environment(int rank, int nproc, int port) {
  const std::vector<std::pair<std::string, std::string>> ours = {
      {"RANK", std::to_string(rank)},        {"LOCAL_RANK", std::to_string(rank)},
      {"WORLD_SIZE", std::to_string(nproc)}, {"LOCAL_WORLD_SIZE", std::to_string(nproc)},
      {"MASTER_ADDR", "127.0.0.1"},          {"MASTER_PORT", std::to_string(port)},
  };
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string entry(*e);
    const std::string name = entry.substr(0, entry.find('='));
    const bool replaced = std::any_of(ours.begin(), ours.end(), [&](const auto& kv) { return kv.first == name; });
    if (!replaced) env.push_back(entry);
  }
  for (const auto& [name, value] : ours) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

LaunchResult launch_local(int nproc, const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          std::chrono::milliseconds grace) {
  const int port = free_loopback_port();
  log().info("launching {} rank(s) on 127.0.0.1:{}: {}", nproc, port, argv.front());
  std::vector<std::string> args_storage = argv;
  const std::vector<char*> args = pointers(args_storage);
  std::vector<std::vector<std::string>> envs_storage;
  std::vector<std::vector<char*>> envs;
  for (int rank = 0; rank < nproc; ++rank) envs_storage.push_back(rank_environment(rank, nproc, port));
  for (auto& e : envs_storage) envs.push_back(pointers(e));

  std::vector<pid_t> pids;
  for (int rank = 0; rank < nproc; ++rank) {
    const pid_t pid = ::fork();
    if (pid < 0) {
      for (pid_t started : pids) ::kill(started, SIGKILL);
      throw std::runtime_error("launcher: fork failed");
    }
    if (pid == 0) {
      ::execve(args[0], args.data(), envs[rank].data());
      ::_exit(127);
    }
    pids.push_back(pid);
  }

  LaunchResult result;
  result.ranks.resize(nproc);
  std::vector<bool> done(nproc, false);
  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point first_failure{}, terminated_at{};
  bool failed = false, terminated = false, killed = false;
  for (int remaining = nproc; remaining > 0;) {
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
      if (!result.ranks[i].ok() && !failed) {
        failed = true;
        result.first_failed_rank = i;
        first_failure = std::chrono::steady_clock::now();
      }
    }
    if (remaining == 0) break;
    const auto now = std::chrono::steady_clock::now();
    const bool overdue = now - start > timeout;
    // After a failure the others get `grace` to notice (their collectives
    // time out); then SIGTERM, and after another `grace` SIGKILL, so a rank
    // stuck in a collective that ignores SIGTERM cannot hang the launcher.
    if (!terminated && (overdue || (failed && now - first_failure > grace))) {
      result.timed_out = overdue;
      for (int i = 0; i < nproc; ++i)
        if (!done[i]) ::kill(pids[i], SIGTERM);
      terminated = true;
      terminated_at = now;
    } else if (terminated && !killed && now - terminated_at > grace) {
      for (int i = 0; i < nproc; ++i)
        if (!done[i]) ::kill(pids[i], SIGKILL);
      killed = true;
    }
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return result;
}

}  // namespace gradaudit::ddp
