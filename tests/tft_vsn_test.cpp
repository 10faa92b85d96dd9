// The variable selection network runs its per-variable GRNs as batched
// products; it must compute what NeuralForecast's loop over them computes.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/utils.h>

#include <vector>

#include "tft/variable_selection.h"

namespace gradaudit::tft {
namespace {

at::Tensor loop_over_variables(VariableSelectionNetworkImpl& vsn, const at::Tensor& x) {
  std::vector<at::Tensor> out;
  for (size_t i = 0; i < vsn.var_grns->size(); ++i)
    out.push_back(vsn.var_grns->at<GRNImpl>(i).forward(x.select(-2, static_cast<int64_t>(i))));
  return at::stack(out, -1);
}

class VsnBatched : public ::testing::TestWithParam<Activation> {};

TEST_P(VsnBatched, EqualsTheLoopOverVariables) {
  torch::manual_seed(5);
  VariableSelectionNetwork vsn(16, 7, 0.1, GetParam(), false);
  vsn->eval();
  torch::NoGradGuard no_grad;
  for (const auto& shape : std::vector<std::vector<int64_t>>{{4, 7, 16}, {3, 24, 7, 16}}) {
    const at::Tensor x = at::randn(shape);
    EXPECT_TRUE(at::allclose(vsn->transform_variables(x), loop_over_variables(*vsn, x), 1e-5, 1e-6))
        << "shape " << shape.size();
  }
}

INSTANTIATE_TEST_SUITE_P(Activations, VsnBatched, ::testing::Values(Activation::kELU, Activation::kGLU, Activation::kGELU));

TEST(VsnBatched, EveryVariableGrnGetsTheLoopsGradient) {
  torch::manual_seed(6);
  VariableSelectionNetwork vsn(8, 3, 0.0, Activation::kELU, false);
  const at::Tensor x = at::randn({5, 3, 8});
  vsn->transform_variables(x).pow(2).sum().backward();
  std::vector<at::Tensor> batched;
  for (const auto& p : vsn->var_grns->parameters()) batched.push_back(p.grad().clone());
  vsn->zero_grad();
  loop_over_variables(*vsn, x).pow(2).sum().backward();
  const auto params = vsn->var_grns->parameters();
  for (size_t i = 0; i < params.size(); ++i) {
    ASSERT_TRUE(params[i].grad().defined());
    EXPECT_TRUE(at::allclose(batched[i], params[i].grad(), 1e-4, 1e-5)) << i;
  }
}

}  // namespace
}  // namespace gradaudit::tft
