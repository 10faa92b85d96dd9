#include "train/scaler.h"

#include <ATen/ATen.h>

#include <limits>

#include "common/input_error.h"

namespace gradaudit::train {
namespace {

constexpr double kEps = 1e-6;

at::Tensor masked_mean(const at::Tensor& x, const at::Tensor& mask) {
  return (x * mask).sum(1, true) / at::clamp_min(mask.sum(1, true), 1.0);
}

// The median of the observed values (the mean of the two middle ones for an
// even count, as torch.nanquantile does).
at::Tensor masked_median(const at::Tensor& x, const at::Tensor& mask) {
  const at::Tensor hidden = at::full_like(x, std::numeric_limits<float>::quiet_NaN());
  const at::Tensor median = at::nanquantile(at::where(mask.expand_as(x) > 0, x, hidden), 0.5, 1, true);
  return at::nan_to_num(median, 0.0);
}

at::Tensor protect(at::Tensor scale) {
  scale = at::where(scale == 0, at::ones_like(scale), scale);
  return scale + kEps;
}

}  // namespace

ScalerType parse_scaler(const std::string& name) {
  if (name == "identity" || name == "none") return ScalerType::kIdentity;
  if (name == "standard") return ScalerType::kStandard;
  if (name == "robust") return ScalerType::kRobust;
  if (name == "minmax") return ScalerType::kMinMax;
  if (name == "minmax1") return ScalerType::kMinMax1;
  throw InputError("scaler_type: expected identity, standard, robust, minmax or minmax1, got '" + name + "'");
}

ScaleStats fit_scaler(ScalerType type, const at::Tensor& x, const at::Tensor& mask) {
  const at::Tensor m = mask.to(x.dtype());
  switch (type) {
    case ScalerType::kIdentity: {
      const at::Tensor zero = at::zeros({x.size(0), 1, x.size(2)}, x.options());
      return {zero, at::ones_like(zero)};
    }
    case ScalerType::kStandard: {
      const at::Tensor mean = masked_mean(x, m);
      const at::Tensor std = masked_mean((x - mean).pow(2), m).sqrt();
      return {mean, protect(std)};
    }
    case ScalerType::kRobust: {
      const at::Tensor median = masked_median(x, m);
      at::Tensor mad = masked_median((x - median).abs(), m);
      const at::Tensor mean = masked_mean(x, m);
      const at::Tensor std = masked_mean((x - mean).pow(2), m).sqrt();
      mad = at::where(mad > 0, mad, std * 0.6744897501960817);
      return {median, protect(mad)};
    }
    case ScalerType::kMinMax:
    case ScalerType::kMinMax1: {
      const double inf = std::numeric_limits<double>::infinity();
      const at::Tensor observed = m.expand_as(x) > 0;
      const at::Tensor lo = at::nan_to_num(std::get<0>(at::where(observed, x, at::full_like(x, inf)).min(1, true)), 0.0,
                                           0.0, 0.0);
      const at::Tensor hi = at::nan_to_num(std::get<0>(at::where(observed, x, at::full_like(x, -inf)).max(1, true)),
                                           0.0, 0.0, 0.0);
      const at::Tensor range = protect(hi - lo);
      if (type == ScalerType::kMinMax) return {lo, range};
      return {lo + range / 2, range / 2};
    }
  }
  throw std::logic_error("unhandled scaler");
}

}  // namespace gradaudit::train
