#include "train/windows.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "common/input_error.h"

namespace gradaudit::train {

SeriesTensors::SeriesTensors(const data::Dataset& data) {
  n_hist_ = static_cast<int64_t>(data.roles.hist.size());
  n_futr_ = static_cast<int64_t>(data.roles.futr.size());
  n_stat_ = static_cast<int64_t>(data.roles.stat.size());
  for (const auto& s : data.series) {
    const int64_t t = static_cast<int64_t>(s.length());
    at::Tensor temporal = at::zeros({t, channels()}, at::kFloat);
    auto acc = temporal.accessor<float, 2>();
    for (int64_t i = 0; i < t; ++i) {
      int64_t c = 0;
      acc[i][c++] = static_cast<float>(s.y[i]);
      for (const auto& column : s.hist) acc[i][c++] = static_cast<float>(column[i]);
      for (const auto& column : s.futr) acc[i][c++] = static_cast<float>(column[i]);
      acc[i][c] = 1.0f;
    }
    temporal_.push_back(temporal);
    if (n_stat_ > 0) {
      std::vector<float> values(s.stat.begin(), s.stat.end());
      stat_.push_back(at::tensor(values, at::kFloat));
    } else {
      stat_.emplace_back();
    }
  }
}

at::Tensor cut_window(const SeriesTensors& data, size_t s, int64_t cutoff, int64_t visible, const WindowShape& shape) {
  const int64_t begin = cutoff - shape.input_size, end = cutoff + shape.h;
  const int64_t from = std::max<int64_t>(begin, 0), to = std::min<int64_t>(end, visible);
  at::Tensor window = at::zeros({shape.length(), data.channels()}, at::kFloat);
  if (to > from) window.narrow(0, from - begin, to - from).copy_(data.temporal(s).narrow(0, from, to - from));
  return window;
}

Windows windows_at(const SeriesTensors& data, const std::vector<int64_t>& series, const std::vector<int64_t>& cutoffs,
                   const std::vector<int64_t>& visible, const WindowShape& shape) {
  Windows w;
  std::vector<at::Tensor> temporal, stat;
  for (size_t i = 0; i < series.size(); ++i) {
    temporal.push_back(cut_window(data, static_cast<size_t>(series[i]), cutoffs[i], visible[i], shape));
    if (data.n_stat() > 0) stat.push_back(data.stat(static_cast<size_t>(series[i])));
  }
  w.temporal = temporal.empty() ? at::zeros({0, shape.length(), data.channels()}) : at::stack(temporal);
  if (data.n_stat() > 0) w.stat = stat.empty() ? at::zeros({0, data.n_stat()}) : at::stack(stat);
  w.series = series;
  w.cutoff = cutoffs;
  return w;
}

WindowSampler::WindowSampler(const SeriesTensors& data, const data::Dataset& names, const WindowShape& shape,
                             const TrainingOptions& options)
    : data_(data), shape_(shape), options_(options) {
  const int64_t held_out = options.val_size + options.test_size;
  const int64_t first = options.start_padding_enabled ? 1 : shape.input_size;
  for (size_t s = 0; s < data.size(); ++s) {
    const int64_t train = data.length(s) - held_out;
    // A window needs one observed input step and one observed target step
    // inside the training part.
    if (train < first + 1) {
      throw InputError(fmt::format(
          "{}: series '{}' is too short: {} rows, {} of them for training after val_size + test_size = {}; a "
          "training window needs {} (input_size + 1){}",
          names.path, names.series[s].id, data.length(s), std::max<int64_t>(train, 0), held_out,
          shape.input_size + 1,
          options.start_padding_enabled ? "" : "; lower input_size, or set start_padding_enabled"));
    }
    std::vector<int64_t> cutoffs;
    for (int64_t c = first; c < train; c += options.step_size) cutoffs.push_back(c);
    train_cutoffs_.push_back(std::move(cutoffs));
  }
}

Windows WindowSampler::training_batch(std::mt19937_64& rng, Share share) const {
  const auto ranks = static_cast<size_t>(share.size);
  std::vector<int64_t> order(data_.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  order.resize(std::min<size_t>(order.size(), static_cast<size_t>(options_.batch_size) * ranks));
  std::sort(order.begin(), order.end());

  std::vector<std::pair<int64_t, int64_t>> candidates;
  for (int64_t s : order)
    for (int64_t c : train_cutoffs_[s]) candidates.emplace_back(s, c);
  const size_t per_rank = static_cast<size_t>(options_.windows_batch_size);
  const size_t n = candidates.size(), want = per_rank * ranks;
  std::vector<size_t> picked;
  if (n < want) {
    std::uniform_int_distribution<size_t> any(0, n - 1);
    for (size_t i = 0; i < want; ++i) picked.push_back(any(rng));
  } else {
    std::vector<size_t> all(n);
    std::iota(all.begin(), all.end(), 0);
    // A partial Fisher-Yates shuffle draws `want` without replacement.
    for (size_t i = 0; i < want; ++i) std::swap(all[i], all[i + std::uniform_int_distribution<size_t>(0, n - 1 - i)(rng)]);
    picked.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(want));
  }
  // This rank's block of the global draw.
  picked.erase(picked.begin(), picked.begin() + static_cast<std::ptrdiff_t>(per_rank * static_cast<size_t>(share.rank)));
  picked.resize(per_rank);
  std::vector<int64_t> series, cutoffs, visible;
  for (size_t i : picked) {
    series.push_back(candidates[i].first);
    cutoffs.push_back(candidates[i].second);
    visible.push_back(data_.length(static_cast<size_t>(candidates[i].first)) - options_.val_size - options_.test_size);
  }
  return windows_at(data_, series, cutoffs, visible, shape_);
}

Windows WindowSampler::validation() const {
  std::vector<int64_t> series, cutoffs, visible;
  for (size_t s = 0; s < data_.size(); ++s) {
    const int64_t end = data_.length(s) - options_.test_size;
    for (int64_t c = end - options_.val_size; c < end; ++c) {
      series.push_back(static_cast<int64_t>(s));
      cutoffs.push_back(c);
      visible.push_back(end);
    }
  }
  return windows_at(data_, series, cutoffs, visible, shape_);
}

ScaledBatch scale_windows(const Windows& windows, const WindowShape& shape, const SeriesTensors& data,
                          ScalerType scaler) {
  const int64_t L = shape.input_size, X = data.n_hist(), F = data.n_futr();
  const at::Tensor& t = windows.temporal;
  const at::Tensor values = t.narrow(2, 0, 1 + X + F);
  const at::Tensor available = t.narrow(2, 1 + X + F, 1);
  // Statistics from the observed input part only: no leak from the targets.
  at::Tensor stats_mask = available.clone();
  stats_mask.narrow(1, L, shape.h).zero_();
  const ScaleStats stats = fit_scaler(scaler, values, stats_mask);
  const at::Tensor scaled = apply_scaler(stats, values);

  ScaledBatch out;
  tft::TrainingBatch& b = out.batch;
  b.inputs.insample_y = scaled.narrow(1, 0, L).narrow(2, 0, 1).contiguous();
  if (X > 0) b.inputs.hist_exog = scaled.narrow(1, 0, L).narrow(2, 1, X).contiguous();
  if (F > 0) b.inputs.futr_exog = scaled.narrow(2, 1 + X, F).contiguous();
  if (data.n_stat() > 0) b.inputs.stat_exog = windows.stat;
  b.outsample_y = scaled.narrow(1, L, shape.h).select(2, 0).contiguous();
  b.outsample_mask = available.narrow(1, L, shape.h).select(2, 0).contiguous();
  out.y_shift = stats.shift.select(2, 0);
  out.y_scale = stats.scale.select(2, 0);
  out.original_y = t.narrow(1, L, shape.h).select(2, 0).contiguous();
  return out;
}

at::Tensor unscale_forecast(const ScaledBatch& batch, const at::Tensor& y_hat) {
  return y_hat * batch.y_scale.unsqueeze(-1) + batch.y_shift.unsqueeze(-1);
}

}  // namespace gradaudit::train
