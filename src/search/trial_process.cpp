#include "search/trial_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

#include "ddp/child_process.h"

namespace gradaudit::search {

TrialProcess::TrialProcess(const std::vector<std::string>& argv,
                           const std::vector<std::pair<std::string, std::string>>& environment,
                           const std::string& log_path) {
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log < 0) throw std::runtime_error(log_path + ": cannot write the trial's log");
  try {
    pid_ = ddp::spawn_child(argv, ddp::environment_with(environment), log);
  } catch (...) {
    ::close(log);
    throw;
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
