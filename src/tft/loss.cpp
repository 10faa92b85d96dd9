#include "tft/loss.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "common/input_error.h"

namespace gradaudit::tft {
namespace {

std::string level_text(double level) {
  return level == static_cast<int64_t>(level) ? std::to_string(static_cast<int64_t>(level)) : fmt::format("{}", level);
}

at::Tensor masked_mean(const at::Tensor& values, const at::Tensor& mask) {
  // Guard against an all-masked batch: 0, not NaN.
  return (values * mask).sum() / at::clamp_min(mask.sum(), 1.0);
}

}  // namespace

Loss Loss::mae() { return Loss(LossKind::kMAE); }
Loss Loss::mse() { return Loss(LossKind::kMSE); }

Loss Loss::huber(double delta) {
  if (!(delta > 0)) throw InputError(fmt::format("delta: expected a Huber threshold > 0, got {}", delta));
  Loss loss(LossKind::kHuber);
  loss.delta_ = delta;
  return loss;
}

const char* Loss::name() const {
  switch (kind_) {
    case LossKind::kMAE: return "mae";
    case LossKind::kMSE: return "mse";
    case LossKind::kHuber: return "huber";
    case LossKind::kMQ: return "mq";
  }
  return "?";
}

Loss Loss::multi_quantile(std::vector<double> levels) {
  if (levels.empty()) throw InputError("level: the multi-quantile loss needs at least one level");
  for (double level : levels)
    if (!(level > 0 && level < 100))
      throw InputError(fmt::format("level: expected a percentage in (0, 100), got {}", level));
  Loss loss(LossKind::kMQ);
  loss.levels_ = levels;
  // Lower and upper quantile per level, sorted ascending, median first.
  std::vector<std::pair<double, std::string>> bounds;
  for (double level : levels) {
    bounds.emplace_back(0.5 - level / 200.0, "-lo-" + level_text(level));
    bounds.emplace_back(0.5 + level / 200.0, "-hi-" + level_text(level));
  }
  std::stable_sort(bounds.begin(), bounds.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  loss.quantiles_.push_back(0.5);
  loss.suffixes_.push_back("-median");
  for (auto& [q, suffix] : bounds) {
    loss.quantiles_.push_back(q);
    loss.suffixes_.push_back(std::move(suffix));
  }
  return loss;
}

Loss Loss::parse(const std::string& name, const std::vector<double>& levels, double delta) {
  if (name == "mae" || name == "MAE") return mae();
  if (name == "mse" || name == "MSE") return mse();
  if (name == "huber" || name == "HuberLoss") return huber(delta);
  if (name == "mq" || name == "MQLoss") return multi_quantile(levels);
  throw InputError("loss: expected 'mae', 'mse', 'huber' or 'mq', got '" + name + "'");
}

std::vector<std::string> Loss::output_names(const std::string& model_name) const {
  if (suffixes_.empty()) return {model_name};
  std::vector<std::string> names;
  for (const auto& suffix : suffixes_) names.push_back(model_name + suffix);
  return names;
}

at::Tensor Loss::operator()(const at::Tensor& y_hat, const at::Tensor& y, const at::Tensor& mask) const {
  switch (kind_) {
    case LossKind::kMAE: return masked_mean((y_hat.select(-1, 0) - y).abs(), mask);
    case LossKind::kMSE: return masked_mean((y_hat.select(-1, 0) - y).pow(2), mask);
    case LossKind::kHuber: {
      const at::Tensor error = (y_hat.select(-1, 0) - y).abs();
      const at::Tensor quadratic = at::clamp_max(error, delta_);
      return masked_mean(0.5 * quadratic * quadratic + delta_ * (error - quadratic), mask);
    }
    case LossKind::kMQ: {
      const at::Tensor q = at::tensor(quantiles_, y_hat.options());
      const at::Tensor error = y.unsqueeze(-1) - y_hat;  // [B, h, Q]
      const at::Tensor pinball = at::max(q * error, (q - 1) * error);
      return masked_mean(pinball.mean(-1), mask);
    }
  }
  throw std::logic_error("unhandled loss");
}

}  // namespace gradaudit::tft
