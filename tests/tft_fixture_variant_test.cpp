// The fixture variant keeps NeuralForecast's original bug reproducible: its
// static encoder is built for every schema, so without static inputs exactly
// the static encoder's parameters are left without gradient.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/utils.h>

#include "models/tft_unconditional_static.h"
#include "test_support.h"
#include "tft/loss.h"
#include "tft/model.h"

namespace gradaudit::testing {
namespace {

std::vector<std::string> without_gradient(torch::nn::Module& model, const tft::TFTOptions& options,
                                          tft::TFTOutputs (*forward)(torch::nn::Module&, const tft::TFTInputs&)) {
  const auto out = forward(model, random_inputs(options, 3));
  tft::Loss::mae()(out.y_hat, at::randn({3, 12}), at::ones({3, 12})).backward();
  std::vector<std::string> names;
  for (const auto& p : model.named_parameters())
    if (!p.value().grad().defined()) names.push_back(p.key());
  return names;
}

tft::TFTOutputs run_fixture(torch::nn::Module& m, const tft::TFTInputs& in) {
  return dynamic_cast<fixtures::TFTUnconditionalStaticImpl&>(m).forward(in);
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

TEST(TFTFixtureVariant, LeavesTheStaticEncoderWithoutGradientsWhenThereAreNoStaticInputs) {
  for (const Schema& schema : {Schema{0, 0, 0}, Schema{0, 2, 1}}) {
    SCOPED_TRACE(schema.name());
    torch::manual_seed(1);
    const auto options = small_options(schema);
    fixtures::TFTUnconditionalStatic model(options);
    const auto missing = without_gradient(*model, options, run_fixture);

    size_t static_params = 0;
    for (const auto& p : model->named_parameters()) static_params += starts_with(p.key(), "static_encoder.");
    ASSERT_GT(static_params, 40u);
    EXPECT_EQ(missing.size(), static_params);
    for (const auto& name : missing) EXPECT_TRUE(starts_with(name, "static_encoder.")) << name;
  }
}

TEST(TFTFixtureVariant, BehavesLikeTheRealModelWhenStaticInputsExist) {
  const auto options = small_options({2, 1, 1});
  torch::manual_seed(2);
  fixtures::TFTUnconditionalStatic fixture(options);
  EXPECT_TRUE(without_gradient(*fixture, options, run_fixture).empty());

  // Same registration order and seed: same parameters, same forecast.
  torch::manual_seed(2);
  tft::TFT real(options);
  ASSERT_EQ(real->parameters().size(), fixture->parameters().size());
  fixture->eval();
  real->eval();
  const auto inputs = random_inputs(options, 2);
  EXPECT_TRUE(at::allclose(real->forward(inputs).y_hat, fixture->forward(inputs).y_hat));
}

TEST(TFTFixtureVariant, TheRealModelHasNoStaticEncoderWithoutStaticInputs) {
  tft::TFT model(small_options({0, 1, 1}));
  EXPECT_FALSE(model->static_encoder);
  for (const auto& p : model->named_parameters()) EXPECT_FALSE(starts_with(p.key(), "static_encoder.")) << p.key();
  for (const auto& p : model->named_parameters()) EXPECT_EQ(p.key().find("stat_exog"), std::string::npos) << p.key();
}

}  // namespace
}  // namespace gradaudit::testing
