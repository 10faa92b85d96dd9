#include "search/trial_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include <stdexcept>

namespace gradaudit::search {
namespace {

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

TrialProcess::TrialProcess(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
                           const std::string& log_path) {
  // Everything the child needs is built before fork(): after it, only
  // async-signal-safe calls.
  std::vector<std::string> args = argv, env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  env.insert(env.end(), environment.begin(), environment.end());
  const std::vector<char*> arg_pointers = pointers(args), env_pointers = pointers(env);
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log < 0) throw std::runtime_error(log_path + ": cannot write the trial's log");
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(log);
    throw std::runtime_error("cannot start a trial: fork failed");
  }
  if (pid_ == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::execve(arg_pointers[0], arg_pointers.data(), env_pointers.data());
    ::_exit(127);
  }
  ::close(log);
}

TrialProcess::TrialProcess(TrialProcess&& other) noexcept : pid_(other.pid_), ended_(other.ended_) {
  other.pid_ = -1;
  other.ended_ = true;
}

TrialProcess::~TrialProcess() {
  if (pid_ <= 0 || ended_) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

std::optional<int> TrialProcess::poll() {
  if (ended_) return std::nullopt;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
  ended_ = true;
  return status;
}

void TrialProcess::stop() {
  if (!ended_) ::kill(pid_, SIGTERM);
}

}  // namespace gradaudit::search
