#include "train/evaluation.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/utils.h>

#include "train/device.h"

namespace gradaudit::train {
namespace {

at::Tensor cat_defined(const std::vector<at::Tensor>& parts) {
  if (parts.empty() || !parts.front().defined()) return at::Tensor();
  return at::cat(parts);
}

at::Tensor on_cpu(const at::Tensor& t) { return t.defined() ? t.cpu() : t; }

}  // namespace

Windows slice(const Windows& w, int64_t begin, int64_t count) {
  Windows out;
  out.temporal = w.temporal.narrow(0, begin, count);
  if (w.stat.defined()) out.stat = w.stat.narrow(0, begin, count);
  out.series.assign(w.series.begin() + begin, w.series.begin() + begin + count);
  out.cutoff.assign(w.cutoff.begin() + begin, w.cutoff.begin() + begin + count);
  return out;
}

Forecasts forecast_windows(const forecasters::ForecastModel& model, const Windows& windows, const WindowShape& shape,
                           const SeriesTensors& data, ScalerType scaler, int64_t chunk, bool interpretability) {
  torch::NoGradGuard no_grad;
  const bool was_training = model.module->is_training();
  model.module->eval();
  const c10::Device device = device_of(*model.module);
  std::vector<at::Tensor> y_hat, original, mask, stat_w, hist_w, futr_w, attn_w;
  for (int64_t begin = 0; begin < windows.size(); begin += chunk) {
    const int64_t count = std::min(chunk, windows.size() - begin);
    const ScaledBatch batch = scale_windows(slice(windows, begin, count), shape, data, scaler);
    const tft::TFTOutputs out = model.forward(to_device(batch.batch.inputs, device));
    y_hat.push_back(unscale_forecast(batch, on_cpu(out.y_hat)));
    original.push_back(batch.original_y);
    mask.push_back(batch.batch.outsample_mask);
    if (interpretability) {
      stat_w.push_back(on_cpu(out.static_weights));
      hist_w.push_back(on_cpu(out.history_weights));
      futr_w.push_back(on_cpu(out.future_weights));
      attn_w.push_back(on_cpu(out.attention_weights));
    }
  }
  if (was_training) model.module->train();
  Forecasts f;
  f.y_hat = cat_defined(y_hat);
  f.original_y = cat_defined(original);
  f.mask = cat_defined(mask);
  f.static_weights = cat_defined(stat_w);
  f.history_weights = cat_defined(hist_w);
  f.future_weights = cat_defined(futr_w);
  f.attention_weights = cat_defined(attn_w);
  return f;
}

double validation_loss(const forecasters::ForecastModel& model, const Windows& windows, const WindowShape& shape,
                       const SeriesTensors& data, ScalerType scaler, const tft::Loss& loss, int64_t chunk) {
  if (windows.size() == 0) return 0.0;
  const Forecasts f = forecast_windows(model, windows, shape, data, scaler, chunk);
  torch::NoGradGuard no_grad;
  return loss(f.y_hat, f.original_y, f.mask).item<double>();
}

double validation_loss(const forecasters::ForecastModel& model, const Windows& windows, const WindowShape& shape,
                       const SeriesTensors& data, ScalerType scaler, const tft::Loss& loss, int64_t chunk,
                       const ddp::World& world) {
  if (!world.distributed()) return validation_loss(model, windows, shape, data, scaler, loss, chunk);
  const int64_t n = windows.size(), ranks = world.size();
  const int64_t begin = n * world.rank() / ranks, end = n * (world.rank() + 1) / ranks;
  double weighted = 0, targets = 0;
  if (end > begin) {
    const Forecasts f = forecast_windows(model, slice(windows, begin, end - begin), shape, data, scaler, chunk);
    torch::NoGradGuard no_grad;
    // Every loss is a mean over the observed targets: loss * count is its sum.
    targets = f.mask.sum().item<double>();
    weighted = loss(f.y_hat, f.original_y, f.mask).item<double>() * targets;
  }
  const std::vector<double> total = world.all_reduce({weighted, targets}, ddp::Reduce::kSum);
  return total[1] > 0 ? total[0] / total[1] : 0.0;
}

}  // namespace gradaudit::train
