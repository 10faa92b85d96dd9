// Training progress for people: on a terminal a bar redrawn in place (step,
// train loss, last validation loss, steps/s, ETA); otherwise one line per
// validation check. Quiet prints nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace gradaudit::train {

enum class ProgressStyle { kQuiet, kLines, kBar };

// A bar when `stream` is a terminal, lines otherwise.
ProgressStyle progress_style_for(std::FILE* stream, bool quiet);

class Progress {
 public:
  Progress(ProgressStyle style, int64_t first_step, int64_t max_steps, std::FILE* out = stderr);
  // After every step (the bar redraws at most every 100 ms).
  void step(int64_t step, double train_loss);
  // After a validation check (valid_loss < 0: none).
  void check(int64_t step, double train_loss, double valid_loss, double lr);
  void finish(const std::string& message);

 private:
  void draw(int64_t step, bool force);
  std::string rate_and_eta(int64_t step) const;

  ProgressStyle style_;
  int64_t first_step_, max_steps_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  double train_loss_ = 0, valid_loss_ = -1;
  bool drawn_ = false;
};

}  // namespace gradaudit::train
