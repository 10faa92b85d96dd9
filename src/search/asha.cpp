#include "search/asha.h"

#include <algorithm>
#include <stdexcept>

namespace gradaudit::search {
namespace {

// The q-quantile of `values` (linear interpolation, as numpy's default).
double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<size_t>(position);
  const size_t above = std::min(below + 1, values.size() - 1);
  const double t = position - static_cast<double>(below);
  return values[below] * (1 - t) + values[above] * t;
}

}  // namespace

Asha::Asha(int64_t grace_period, int64_t reduction_factor) : grace_(grace_period), eta_(reduction_factor) {
  if (grace_ < 1) throw std::invalid_argument("ASHA: grace period must be at least 1 step");
  if (eta_ < 2) throw std::invalid_argument("ASHA: reduction factor must be at least 2");
}

std::vector<int64_t> Asha::rungs(int64_t max_steps) const {
  std::vector<int64_t> out;
  for (int64_t r = grace_; r < max_steps; r *= eta_) out.push_back(r);
  return out;
}

bool Asha::report(int trial, int64_t step, int64_t max_steps, double loss) {
  for (int64_t rung = grace_; rung <= step && rung < max_steps; rung *= eta_) {
    auto& at_rung = recorded_[rung];
    if (at_rung.count(trial)) continue;
    std::vector<double> before;
    for (const auto& [other, value] : at_rung) before.push_back(value);
    at_rung[trial] = loss;
    if (!before.empty() && loss > quantile(before, 1.0 / static_cast<double>(eta_))) return false;
  }
  return true;
}

}  // namespace gradaudit::search
