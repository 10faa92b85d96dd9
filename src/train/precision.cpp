#include "train/precision.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "common/input_error.h"

// LibTorch 2.4 made autocast's switches per device type; before, CUDA and
// CPU had their own functions. The only version difference of this file.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define GRADAUDIT_AUTOCAST_PER_DEVICE 1
#endif

namespace gradaudit::train {
namespace {

bool autocast_enabled(c10::DeviceType device) {
#ifdef GRADAUDIT_AUTOCAST_PER_DEVICE
  return at::autocast::is_autocast_enabled(device);
#else
  return device == c10::DeviceType::CUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
#endif
}

void set_autocast(c10::DeviceType device, bool enabled) {
#ifdef GRADAUDIT_AUTOCAST_PER_DEVICE
  at::autocast::set_autocast_enabled(device, enabled);
#else
  if (device == c10::DeviceType::CUDA)
    at::autocast::set_enabled(enabled);
  else
    at::autocast::set_cpu_enabled(enabled);
#endif
}

c10::ScalarType autocast_dtype(c10::DeviceType device) {
#ifdef GRADAUDIT_AUTOCAST_PER_DEVICE
  return at::autocast::get_autocast_dtype(device);
#else
  return device == c10::DeviceType::CUDA ? at::autocast::get_autocast_gpu_dtype()
                                         : at::autocast::get_autocast_cpu_dtype();
#endif
}

void set_autocast_dtype(c10::DeviceType device, c10::ScalarType dtype) {
#ifdef GRADAUDIT_AUTOCAST_PER_DEVICE
  at::autocast::set_autocast_dtype(device, dtype);
#else
  if (device == c10::DeviceType::CUDA)
    at::autocast::set_autocast_gpu_dtype(dtype);
  else
    at::autocast::set_autocast_cpu_dtype(dtype);
#endif
}

}  // namespace

Precision parse_precision(const std::string& text, const std::string& flag) {
  if (text == "32" || text == "32-true") return Precision::k32;
  if (text == "bf16-mixed") return Precision::kBf16Mixed;
  if (text == "16-mixed") return Precision::k16Mixed;
  throw InputError(flag + ": expected 32, bf16-mixed or 16-mixed, got '" + text + "'");
}

std::string precision_name(Precision precision) {
  switch (precision) {
    case Precision::k32: return "32";
    case Precision::kBf16Mixed: return "bf16-mixed";
    case Precision::k16Mixed: return "16-mixed";
  }
  return "32";
}

void check_precision(Precision precision, const c10::Device& device) {
  // LibTorch's CPU autocast leaves some ops the TFT runs in fp32 while their
  // inputs arrive in bf16 (a bf16-mixed run failed at its first step with
  // "expected scalar type BFloat16 but found Float"); fp16 it does not do.
  if (precision != Precision::k32 && !device.is_cuda())
    throw InputError("--precision " + precision_name(precision) +
                     ": needs --devices cuda (CPU autocast does not cover every op the TFT runs); use 32 on the CPU");
}

AutocastScope::AutocastScope(Precision precision, c10::DeviceType device)
    : active_(precision != Precision::k32), device_(device), was_dtype_(c10::ScalarType::Float) {
  if (!active_) return;
  was_enabled_ = autocast_enabled(device_);
  was_dtype_ = autocast_dtype(device_);
  set_autocast_dtype(device_, precision == Precision::kBf16Mixed ? at::kBFloat16 : at::kHalf);
  set_autocast(device_, true);
  at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
  if (!active_) return;
  // Casts are cached while autocast is on; the outermost scope drops them.
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  set_autocast(device_, was_enabled_);
  set_autocast_dtype(device_, was_dtype_);
}

GradScaler::GradScaler(bool enabled, double initial_scale, int64_t growth_interval)
    : enabled_(enabled), scale_(enabled ? initial_scale : 1.0), growth_interval_(growth_interval) {}

at::Tensor GradScaler::scale_loss(const at::Tensor& loss) const { return enabled_ ? loss * scale_ : loss; }

bool GradScaler::unscale(const std::vector<at::Tensor>& parameters) const {
  if (!enabled_) return true;
  at::NoGradGuard no_grad;
  // One device-to-host read for all the gradients, not one per parameter.
  at::Tensor all_finite;
  for (const at::Tensor& p : parameters) {
    at::Tensor grad = p.grad();
    if (!grad.defined()) continue;
    grad.mul_(1.0 / scale_);
    const at::Tensor finite = at::isfinite(grad).all();
    all_finite = all_finite.defined() ? all_finite.logical_and(finite) : finite;
  }
  return !all_finite.defined() || all_finite.item<bool>();
}

void GradScaler::update(bool finite) {
  if (!enabled_) return;
  if (!finite) {
    scale_ *= 0.5;
    finite_steps_ = 0;
    return;
  }
  if (++finite_steps_ >= growth_interval_) {
    scale_ *= 2.0;
    finite_steps_ = 0;
  }
}

}  // namespace gradaudit::train
