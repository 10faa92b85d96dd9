// Mixed precision's parts that run anywhere: the names, the autocast scope
// (CPU autocast casts a matrix product to bf16 inside it, and nothing after
// it), the gradient scaler's rules, and the refusal of mixed precision on
// the CPU.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "train/precision.h"

namespace gradaudit::train {
namespace {

TEST(Precision, NamesAsLightningSpellsThem) {
  EXPECT_EQ(parse_precision("32"), Precision::k32);
  EXPECT_EQ(parse_precision("32-true"), Precision::k32);
  EXPECT_EQ(parse_precision("bf16-mixed"), Precision::kBf16Mixed);
  EXPECT_EQ(parse_precision("16-mixed"), Precision::k16Mixed);
  EXPECT_EQ(precision_name(Precision::k16Mixed), "16-mixed");
  try {
    parse_precision("fp8");
    FAIL() << "accepted fp8";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "--precision: expected 32, bf16-mixed or 16-mixed, got 'fp8'");
  }
}

TEST(Precision, MixedPrecisionNeedsCuda) {
  const c10::Device cpu(c10::DeviceType::CPU);
  EXPECT_NO_THROW(check_precision(Precision::k32, cpu));
  EXPECT_THROW(check_precision(Precision::kBf16Mixed, cpu), InputError);
  EXPECT_THROW(check_precision(Precision::k16Mixed, cpu), InputError);
  EXPECT_NO_THROW(check_precision(Precision::k16Mixed, c10::Device(c10::DeviceType::CUDA, 0)));
}

TEST(Precision, AutocastScopeCastsInsideAndRestoresAfter) {
  const at::Tensor a = at::randn({4, 4}), b = at::randn({4, 4});
  {
    AutocastScope outer(Precision::kBf16Mixed, c10::DeviceType::CPU);
    EXPECT_EQ(at::mm(a, b).scalar_type(), at::kBFloat16);
    {
      AutocastScope inner(Precision::k32, c10::DeviceType::CPU);  // 32 changes nothing
      EXPECT_EQ(at::mm(a, b).scalar_type(), at::kBFloat16);
    }
    EXPECT_EQ(at::mm(a, b).scalar_type(), at::kBFloat16);
  }
  EXPECT_EQ(at::mm(a, b).scalar_type(), at::kFloat);
}

at::Tensor parameter_with_grad(const at::Tensor& grad) {
  at::Tensor p = at::zeros_like(grad).requires_grad_(true);
  p.mutable_grad() = grad.clone();
  return p;
}

TEST(Precision, GradScalerUnscalesSkipsOverflowsAndAdaptsTheScale) {
  GradScaler scaler(/*enabled=*/true, /*initial_scale=*/1024.0, /*growth_interval=*/2);
  EXPECT_DOUBLE_EQ(scaler.scale_loss(at::tensor(0.5)).item<double>(), 512.0);
  const at::Tensor p = parameter_with_grad(at::full({3}, 2048.0));
  EXPECT_TRUE(scaler.unscale({p}));
  EXPECT_TRUE(at::allclose(p.grad(), at::full({3}, 2.0)));
  scaler.update(true);
  EXPECT_DOUBLE_EQ(scaler.scale(), 1024.0) << "grows only after growth_interval finite steps";
  scaler.update(true);
  EXPECT_DOUBLE_EQ(scaler.scale(), 2048.0);

  const at::Tensor overflow = parameter_with_grad(at::tensor({1.0, std::numeric_limits<double>::infinity()}));
  EXPECT_FALSE(scaler.unscale({p, overflow})) << "an inf gradient skips the step";
  scaler.update(false);
  EXPECT_DOUBLE_EQ(scaler.scale(), 1024.0) << "an overflow halves the scale";

  GradScaler off(/*enabled=*/false);
  EXPECT_DOUBLE_EQ(off.scale_loss(at::tensor(0.5)).item<double>(), 0.5);
  EXPECT_TRUE(off.unscale({overflow})) << "disabled, the scaler judges nothing";
}

}  // namespace
}  // namespace gradaudit::train
