// Asynchronous successive halving (Li et al., "A System for Massively
// Parallel Hyperparameter Tuning", MLSys 2020): rungs at grace_period *
// reduction_factor^k training steps. When a trial reaches a rung, its best
// validation loss so far is compared with those recorded there by the trials
// that reached it before; it goes on only if it is within the best
// 1/reduction_factor of them (the first at a rung always goes on). No trial
// waits for another, so workers never idle.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace gradaudit::search {

class Asha {
 public:
  Asha(int64_t grace_period, int64_t reduction_factor);

  // Trial `trial` (which trains `max_steps` in all) has run `step` steps
  // with best validation loss `loss`: false when it should stop. Rungs
  // passed since its last report are judged in order; a trial's last step
  // is no rung.
  bool report(int trial, int64_t step, int64_t max_steps, double loss);

  int64_t grace_period() const { return grace_; }
  // Rung steps up to `max_steps`.
  std::vector<int64_t> rungs(int64_t max_steps) const;

 private:
  int64_t grace_, eta_;
  std::map<int64_t, std::map<int, double>> recorded_;  // rung -> trial -> loss
};

}  // namespace gradaudit::search
