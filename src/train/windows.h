// Windows cut from the series as NeuralForecast cuts them: `input_size`
// observed steps then `h` steps to forecast, with an availability mask
// (0 for padding and for what lies beyond the part of the series in use).
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <random>
#include <vector>

#include "data/dataset.h"
#include "tft/batch.h"
#include "train/scaler.h"
#include "train/training_options.h"

namespace gradaudit::train {

// The data set as tensors: per series [T, C], channels y, historic columns,
// future columns, availability mask.
class SeriesTensors {
 public:
  explicit SeriesTensors(const data::Dataset& data);

  size_t size() const { return temporal_.size(); }
  int64_t length(size_t s) const { return temporal_[s].size(0); }
  const at::Tensor& temporal(size_t s) const { return temporal_[s]; }
  const at::Tensor& stat(size_t s) const { return stat_[s]; }  // [S]; undefined without static columns
  int64_t n_hist() const { return n_hist_; }
  int64_t n_futr() const { return n_futr_; }
  int64_t n_stat() const { return n_stat_; }
  int64_t channels() const { return 2 + n_hist_ + n_futr_; }

 private:
  std::vector<at::Tensor> temporal_;
  std::vector<at::Tensor> stat_;
  int64_t n_hist_ = 0, n_futr_ = 0, n_stat_ = 0;
};

struct WindowShape {
  int64_t input_size;
  int64_t h;
  int64_t length() const { return input_size + h; }
};

// Raw windows, before scaling.
struct Windows {
  at::Tensor temporal;          // [N, L+h, C] as SeriesTensors
  at::Tensor stat;              // [N, S]; undefined without static columns
  std::vector<int64_t> series;  // the series of each window
  std::vector<int64_t> cutoff;  // index in its series of the window's first forecast step
  int64_t size() const { return static_cast<int64_t>(series.size()); }
};

// The window of series `s` whose first forecast step is `cutoff`, looking
// only at the first `visible` steps of the series: steps before 0 or from
// `visible` on are zeros with mask 0.
at::Tensor cut_window(const SeriesTensors& data, size_t s, int64_t cutoff, int64_t visible, const WindowShape& shape);
// Windows at the given (series, cutoff) pairs.
Windows windows_at(const SeriesTensors& data, const std::vector<int64_t>& series, const std::vector<int64_t>& cutoffs,
                   const std::vector<int64_t>& visible, const WindowShape& shape);

// A rank's part of a global batch: rank `rank` of `size` takes the
// rank-th of `size` equal blocks.
struct Share {
  int rank = 0;
  int size = 1;
};

// Training and validation windows as NeuralForecast draws them.
class WindowSampler {
 public:
  // Throws InputError naming a series too short for one training window
  // (unless start_padding_enabled) or for val_size + test_size.
  WindowSampler(const SeriesTensors& data, const data::Dataset& names, const WindowShape& shape,
                const TrainingOptions& options);

  // One step's windows: `batch_size` series drawn without replacement, every
  // training window of theirs (every `step_size`, with at least one observed
  // input and one observed target), then `windows_batch_size` of those drawn
  // (with replacement only when there are fewer).
  //
  // Several ranks: both sizes are per rank. Every rank draws the same global
  // batch (size times both counts, from the same `rng` state) and keeps its
  // block, so the ranks' windows are disjoint draws and together are what
  // one process with size times the batch would draw.
  Windows training_batch(std::mt19937_64& rng, Share share = {}) const;
  // Every validation window: forecasts from each of the last `val_size`
  // steps before the test part, masked beyond it.
  Windows validation() const;
  bool has_validation() const { return options_.val_size > 0; }

 private:
  const SeriesTensors& data_;
  WindowShape shape_;
  TrainingOptions options_;
  std::vector<std::vector<int64_t>> train_cutoffs_;  // per series
};

// A model batch made from windows: inputs and targets scaled, plus what is
// needed to scale forecasts back.
struct ScaledBatch {
  tft::TrainingBatch batch;
  at::Tensor y_shift, y_scale;  // [N, 1]: the target's statistics
  at::Tensor original_y;        // [N, h]: targets before scaling
};

ScaledBatch scale_windows(const Windows& windows, const WindowShape& shape, const SeriesTensors& data,
                          ScalerType scaler);

// Forecasts back in the data's units: [N, h, Q] * scale + shift.
at::Tensor unscale_forecast(const ScaledBatch& batch, const at::Tensor& y_hat);

}  // namespace gradaudit::train
