#include "ddp/launcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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

LaunchResult launch_local(int nproc, const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          std::chrono::milliseconds grace) {
  const int port = free_loopback_port();
  log().info("launching {} rank(s) on 127.0.0.1:{}: {}", nproc, port, argv.front());
  std::vector<pid_t> pids;
  for (int rank = 0; rank < nproc; ++rank) {
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("launcher: fork failed");
    if (pid == 0) {
      const std::string r = std::to_string(rank), n = std::to_string(nproc), p = std::to_string(port);
      ::setenv("RANK", r.c_str(), 1);
      ::setenv("LOCAL_RANK", r.c_str(), 1);
      ::setenv("WORLD_SIZE", n.c_str(), 1);
      ::setenv("LOCAL_WORLD_SIZE", n.c_str(), 1);
      ::setenv("MASTER_ADDR", "127.0.0.1", 1);
      ::setenv("MASTER_PORT", p.c_str(), 1);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    pids.push_back(pid);
  }

  LaunchResult result;
  result.ranks.resize(nproc);
  std::vector<bool> done(nproc, false);
  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point first_failure{};
  bool failed = false, terminated = false;
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
        first_failure = std::chrono::steady_clock::now();
      }
    }
    if (remaining == 0) break;
    const auto now = std::chrono::steady_clock::now();
    const bool overdue = now - start > timeout;
    if (!terminated && (overdue || (failed && now - first_failure > grace))) {
      result.timed_out = overdue;
      for (int i = 0; i < nproc; ++i)
        if (!done[i]) ::kill(pids[i], SIGTERM);
      terminated = true;
    }
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return result;
}

}  // namespace gradaudit::ddp
