// A trial as a child process: `tft train` with its output in a log file,
// its own process group (a terminal's Ctrl-C reaches the search, which stops
// its trials itself) and PR_SET_PDEATHSIG (a search that dies takes its
// trials with it).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gradaudit::search {

class TrialProcess {
 public:
  // `environment`: (NAME, value) pairs set over this process's environment.
  TrialProcess(const std::vector<std::string>& argv,
               const std::vector<std::pair<std::string, std::string>>& environment, const std::string& log_path);
  TrialProcess(TrialProcess&& other) noexcept;
  TrialProcess& operator=(TrialProcess&&) = delete;
  ~TrialProcess();  // kills a trial still running

  // The wait status once it has ended (without blocking).
  std::optional<int> poll();
  // SIGTERM: the trial saves its checkpoint and exits 130.
  void stop();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  bool ended_ = false;
};

}  // namespace gradaudit::search
