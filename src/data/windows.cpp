#include "data/windows.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <cmath>

#include "common/input_error.h"

namespace gradaudit::data {
namespace {

struct Moments {
  double mean = 0.0;
  double scale = 1.0;
};

Moments moments(const double* values, size_t n) {
  Moments m;
  for (size_t i = 0; i < n; ++i) m.mean += values[i];
  m.mean /= static_cast<double>(n);
  double var = 0.0;
  for (size_t i = 0; i < n; ++i) var += (values[i] - m.mean) * (values[i] - m.mean);
  const double sd = std::sqrt(var / static_cast<double>(n));
  m.scale = sd > 1e-12 ? sd : 1.0;  // a constant column stays as centred zeros
  return m;
}

Moments column_moments(const LongFrame& frame, size_t column) {
  std::vector<double> all;
  for (const auto& s : frame.series) all.insert(all.end(), s.exog[column].begin(), s.exog[column].end());
  return moments(all.data(), all.size());
}

// [B, steps, columns] from the window [begin, begin + steps) of each series.
at::Tensor exog_window(const LongFrame& frame, const std::vector<std::string>& names, int64_t steps,
                       int64_t window) {
  const int64_t batch = static_cast<int64_t>(frame.series.size());
  at::Tensor out = at::empty({batch, steps, static_cast<int64_t>(names.size())}, at::kFloat);
  auto acc = out.accessor<float, 3>();
  for (size_t c = 0; c < names.size(); ++c) {
    const size_t column = frame.exog_index(names[c]);
    const Moments m = column_moments(frame, column);
    for (int64_t b = 0; b < batch; ++b) {
      const auto& values = frame.series[b].exog[column];
      const int64_t begin = static_cast<int64_t>(values.size()) - window;
      for (int64_t t = 0; t < steps; ++t) acc[b][t][c] = static_cast<float>((values[begin + t] - m.mean) / m.scale);
    }
  }
  return out;
}

}  // namespace

WindowBatch last_windows(const LongFrame& frame, const ExogenousRoles& roles, int64_t input_size, int64_t h) {
  const int64_t window = input_size + h;
  const int64_t batch = static_cast<int64_t>(frame.series.size());
  for (const auto& s : frame.series) {
    if (static_cast<int64_t>(s.y.size()) < window) {
      throw InputError(fmt::format("{}: series '{}' has {} rows, fewer than input_size + h = {}", frame.path, s.id,
                                   s.y.size(), window));
    }
  }

  WindowBatch out;
  at::Tensor insample = at::empty({batch, input_size, 1}, at::kFloat);
  out.outsample_y = at::empty({batch, h}, at::kFloat);
  out.outsample_mask = at::ones({batch, h}, at::kFloat);
  auto in_acc = insample.accessor<float, 3>();
  auto out_acc = out.outsample_y.accessor<float, 2>();
  for (int64_t b = 0; b < batch; ++b) {
    const auto& s = frame.series[b];
    const int64_t begin = static_cast<int64_t>(s.y.size()) - window;
    const Moments m = moments(s.y.data() + begin, static_cast<size_t>(input_size));
    for (int64_t t = 0; t < input_size; ++t) in_acc[b][t][0] = static_cast<float>((s.y[begin + t] - m.mean) / m.scale);
    for (int64_t t = 0; t < h; ++t) out_acc[b][t] = static_cast<float>((s.y[begin + input_size + t] - m.mean) / m.scale);
    out.ids.push_back(s.id);
  }
  out.inputs.insample_y = insample;
  if (!roles.futr.empty()) out.inputs.futr_exog = exog_window(frame, roles.futr, window, window);
  if (!roles.hist.empty()) out.inputs.hist_exog = exog_window(frame, roles.hist, input_size, window);
  if (roles.stat) {
    if (frame.stat_columns.empty()) throw InputError(fmt::format("{}: static inputs requested but no static table was read", frame.path));
    at::Tensor stat = at::empty({batch, static_cast<int64_t>(frame.stat_columns.size())}, at::kFloat);
    for (int64_t b = 0; b < batch; ++b)
      for (size_t c = 0; c < frame.stat_columns.size(); ++c) stat[b][c] = frame.series[b].stat[c];
    out.inputs.stat_exog = stat;
  }
  return out;
}

}  // namespace gradaudit::data
