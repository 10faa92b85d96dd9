// Per-window scaling, as NeuralForecast's TemporalNorm does it: statistics
// of every temporal channel (the target and each historic and future
// column) over the window's observed input part, then applied to the whole
// window; forecasts are scaled back with the target's statistics.
#pragma once

#include <ATen/core/Tensor.h>

#include <string>

namespace gradaudit::train {

enum class ScalerType { kIdentity, kStandard, kRobust, kMinMax, kMinMax1 };

// "identity", "standard", "robust", "minmax", "minmax1"; throws InputError.
ScalerType parse_scaler(const std::string& name);

// x_scaled = (x - shift) / scale, per window and channel.
struct ScaleStats {
  at::Tensor shift;  // [N, 1, K]
  at::Tensor scale;  // [N, 1, K]
};

// `x`: [N, T, K]; `mask`: [N, T, 1], 1 where the value is observed and may
// be used for statistics (NeuralForecast zeroes the horizon of the mask).
//   standard: mean and standard deviation;
//   robust:   median and median absolute deviation (where the MAD is 0, the
//             deviation's normal-equivalent 0.6745 * std);
//   minmax:   to [0, 1];  minmax1: to [-1, 1].
// A zero scale becomes 1; every scale gets 1e-6 added, as NeuralForecast.
ScaleStats fit_scaler(ScalerType type, const at::Tensor& x, const at::Tensor& mask);

inline at::Tensor apply_scaler(const ScaleStats& s, const at::Tensor& x) { return (x - s.shift) / s.scale; }
inline at::Tensor invert_scaler(const ScaleStats& s, const at::Tensor& x) { return x * s.scale + s.shift; }

}  // namespace gradaudit::train
