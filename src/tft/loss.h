// Training losses and the output width each one needs from the model.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

namespace gradaudit::tft {

enum class LossKind { kMAE, kMSE, kHuber, kMQ };

class Loss {
 public:
  static Loss mae();
  static Loss mse();
  // Squared error below `delta`, absolute error above it (NeuralForecast's HuberLoss).
  static Loss huber(double delta = 1.0);
  // Multi-quantile loss for prediction intervals at the given levels (in %,
  // 0 < level < 100): the median plus a lower and upper quantile per level.
  static Loss multi_quantile(std::vector<double> levels);
  // "mae", "mse", "huber" or "mq", or NeuralForecast's class names (MAE, MSE,
  // HuberLoss, MQLoss); `levels` for mq, `delta` for huber. Throws InputError.
  static Loss parse(const std::string& name, const std::vector<double>& levels = {}, double delta = 1.0);

  LossKind kind() const { return kind_; }
  // "mae", "mse", "huber" or "mq": what parse() reads back.
  const char* name() const;
  // The interval levels of mq, in the order given; empty otherwise.
  const std::vector<double>& levels() const { return levels_; }
  double delta() const { return delta_; }
  int64_t output_size() const { return static_cast<int64_t>(quantiles_.empty() ? 1 : quantiles_.size()); }
  // Quantiles in NeuralForecast's order: 0.5 first, then ascending.
  const std::vector<double>& quantiles() const { return quantiles_; }
  // Forecast column names with the model's name as prefix, in output order:
  // "TFT" for point losses; "TFT-median", "TFT-lo-90", ..., "TFT-hi-90" for quantiles.
  std::vector<std::string> output_names(const std::string& model_name) const;

  // y_hat: [B, h, output_size]; y, mask: [B, h] (mask 1 where y is observed).
  at::Tensor operator()(const at::Tensor& y_hat, const at::Tensor& y, const at::Tensor& mask) const;

 private:
  explicit Loss(LossKind kind) : kind_(kind) {}
  LossKind kind_;
  std::vector<double> levels_;
  double delta_ = 1.0;
  std::vector<double> quantiles_;
  std::vector<std::string> suffixes_;
};

}  // namespace gradaudit::tft
