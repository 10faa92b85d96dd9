// Starting the processes a run is made of (the ranks of `tft train
// --nproc-per-node`, the trials of `tft auto`): each in its own process group,
// so a terminal's Ctrl-C reaches only its parent, which stops them itself;
// and with PR_SET_PDEATHSIG, so a parent that dies takes them with it.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace gradaudit::ddp {

// This process's environment with `overrides` (NAME, value) set, replacing
// any inherited value of the same name: NAME=value entries as execve wants.
std::vector<std::string> environment_with(const std::vector<std::pair<std::string, std::string>>& overrides);

// Starts argv[0] (a path) with `argv` and `environment`; its stdout and
// stderr go to `output_fd` when it is >= 0. Throws std::runtime_error when
// fork fails.
pid_t spawn_child(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
                  int output_fd = -1);

// The last non-empty line of a file ("" when there is none): the error a
// child left for its parent.
std::string last_line_of(const std::string& path);

}  // namespace gradaudit::ddp
