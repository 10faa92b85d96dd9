// Running the `tft` executable as users do, in the foreground or in the
// background (to signal or kill it), and reading what it wrote.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.h"
#include "test_paths.h"

namespace gradaudit::testing {

inline CliResult tft(const std::string& args) { return run_command(std::string(GRADAUDIT_TFT_EXE) + " " + args); }

inline std::string data(const std::string& name) { return source_path("fixtures/data/" + name); }

inline std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) fields.push_back(cell);
    rows.push_back(fields);
  }
  return rows;
}

// Starts `tft ARGS` in the background, output to `log`, with `environment`
// ("NAME=value ...") set first; returns its pid.
inline pid_t start_tft(const std::string& args, const std::string& log, const std::string& environment = "") {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string command =
        "exec env " + environment + " " + std::string(GRADAUDIT_TFT_EXE) + " " + args + " >" + log + " 2>&1";
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Waits until metrics.csv has `rows` data rows, or the process ends, or a
// minute passes.
inline void wait_for_rows(const std::string& metrics, size_t rows, pid_t pid) {
  for (int i = 0; i < 1200; ++i) {
    if (csv_rows(read(metrics)).size() > rows) return;
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// The exit status of `pid`, waiting at most `limit`; -1 (after killing it)
// when it did not end in time: a hang is a failure, not a stuck test.
inline int wait_for_exit(pid_t pid, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) != pid) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status;
}

}  // namespace gradaudit::testing
