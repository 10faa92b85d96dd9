// RUN_DIR/metrics.csv: one row per validation check (step, train_loss,
// valid_loss, lr, seconds), flushed as written. Only rank 0 keeps one.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace gradaudit::train {

class MetricsLog {
 public:
  // A resumed run keeps the rows up to `resumed_step` (the checkpoint's) and
  // drops any row a kill cut short, so the curve continues where it left.
  MetricsLog(const std::string& run_dir, bool resume, int64_t resumed_step);

  // valid_loss < 0: no validation (an empty field).
  void append(int64_t step, double train_loss, double valid_loss, double lr, double seconds);

 private:
  std::ofstream out_;
};

}  // namespace gradaudit::train
