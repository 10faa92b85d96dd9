// Numeric precision of training, with Lightning's names: "32" (fp32
// throughout), "bf16-mixed" (forward under autocast to bfloat16) and
// "16-mixed" (autocast to float16, with a gradient scaler); the mixed ones on
// CUDA only.
// Validation, prediction and checkpoints stay fp32.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/DeviceType.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gradaudit::train {

enum class Precision { k32, kBf16Mixed, k16Mixed };

// "32", "32-true", "bf16-mixed", "16-mixed"; InputError naming `flag` else.
Precision parse_precision(const std::string& text, const std::string& flag = "--precision");
std::string precision_name(Precision precision);
// Throws InputError when `precision` cannot run on `device`: mixed
// precision needs CUDA.
void check_precision(Precision precision, const c10::Device& device);

// The forward pass under autocast for `device` (as `with torch.autocast`);
// nothing for Precision::k32.
class AutocastScope {
 public:
  AutocastScope(Precision precision, c10::DeviceType device);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool active_ = false;
  c10::DeviceType device_;
  bool was_enabled_ = false;
  c10::ScalarType was_dtype_;
};

// Dynamic loss scaling for float16 (PyTorch's GradScaler rules): the loss is
// multiplied by the scale before backward; the gradients are divided by it
// before clipping and the update; a step with an inf/NaN gradient is skipped
// and halves the scale, 2000 finite steps in a row double it. Disabled, every
// call is the identity.
class GradScaler {
 public:
  explicit GradScaler(bool enabled, double initial_scale = 65536.0, int64_t growth_interval = 2000);

  bool enabled() const { return enabled_; }
  double scale() const { return scale_; }
  at::Tensor scale_loss(const at::Tensor& loss) const;
  // Divides every defined gradient by the scale; false when any gradient is
  // not finite (the step must be skipped).
  bool unscale(const std::vector<at::Tensor>& parameters) const;
  // After each step: `finite` is what unscale() returned.
  void update(bool finite);

 private:
  bool enabled_;
  double scale_;
  int64_t growth_interval_;
  int64_t finite_steps_ = 0;
};

}  // namespace gradaudit::train
