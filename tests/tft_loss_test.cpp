// Losses: values on hand-computed cases, quantile order and column names as
// NeuralForecast writes them, masking, and rejected specifications.
#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "tft/loss.h"

namespace gradaudit::tft {
namespace {

TEST(Loss, QuantilesAndNamesFollowNeuralForecastOrder) {
  const Loss loss = Loss::multi_quantile({80, 90});
  EXPECT_EQ(loss.output_size(), 5);
  const std::vector<double> expected = {0.5, 0.05, 0.1, 0.9, 0.95};
  ASSERT_EQ(loss.quantiles().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(loss.quantiles()[i], expected[i], 1e-12) << i;
  EXPECT_EQ(loss.output_names("TFT"),
            (std::vector<std::string>{"TFT-median", "TFT-lo-90", "TFT-lo-80", "TFT-hi-80", "TFT-hi-90"}));
  EXPECT_EQ(Loss::mae().output_names("TFT"), std::vector<std::string>{"TFT"});
}

TEST(Loss, PointLossValues) {
  const at::Tensor y_hat = at::tensor({1.0f, 2.0f, 4.0f}).view({1, 3, 1});
  const at::Tensor y = at::tensor({2.0f, 2.0f, 1.0f}).view({1, 3});
  const at::Tensor mask = at::ones({1, 3});
  EXPECT_FLOAT_EQ(Loss::mae()(y_hat, y, mask).item<float>(), (1.0f + 0.0f + 3.0f) / 3.0f);
  EXPECT_FLOAT_EQ(Loss::mse()(y_hat, y, mask).item<float>(), (1.0f + 0.0f + 9.0f) / 3.0f);
  // A masked step does not count.
  const at::Tensor partial = at::tensor({1.0f, 1.0f, 0.0f}).view({1, 3});
  EXPECT_FLOAT_EQ(Loss::mae()(y_hat, y, partial).item<float>(), 0.5f);
  EXPECT_FLOAT_EQ(Loss::mae()(y_hat, y, at::zeros({1, 3})).item<float>(), 0.0f);
}

TEST(Loss, HuberIsQuadraticBelowDeltaAndLinearAbove) {
  const at::Tensor y_hat = at::tensor({1.0f, 2.0f, 5.0f}).view({1, 3, 1});
  const at::Tensor y = at::tensor({1.5f, 2.0f, 1.0f}).view({1, 3});
  // Errors 0.5 (below delta 1: 0.5 * 0.25) and 4 (above: 1 * (4 - 0.5)).
  EXPECT_FLOAT_EQ(Loss::huber(1.0)(y_hat, y, at::ones({1, 3})).item<float>(), (0.125f + 0.0f + 3.5f) / 3.0f);
  // A larger delta keeps the 4 quadratic: 0.5 * 16.
  EXPECT_FLOAT_EQ(Loss::huber(5.0)(y_hat, y, at::ones({1, 3})).item<float>(), (0.125f + 0.0f + 8.0f) / 3.0f);
  EXPECT_EQ(Loss::parse("HuberLoss", {}, 2.0).delta(), 2.0);
  EXPECT_STREQ(Loss::huber().name(), "huber");
}

TEST(Loss, PinballLossWeighsUnderAndOverPrediction) {
  const Loss loss = Loss::multi_quantile({80});  // quantiles 0.5, 0.1, 0.9
  const at::Tensor y = at::tensor({10.0f}).view({1, 1});
  // Every quantile predicts 8: under-prediction by 2 costs q * 2.
  const at::Tensor y_hat = at::full({1, 1, 3}, 8.0f);
  EXPECT_NEAR(loss(y_hat, y, at::ones({1, 1})).item<float>(), (0.5 + 0.1 + 0.9) * 2.0 / 3.0, 1e-6);
}

TEST(Loss, RejectsBadSpecifications) {
  EXPECT_THROW(Loss::multi_quantile({}), InputError);
  EXPECT_THROW(Loss::multi_quantile({100}), InputError);
  EXPECT_THROW(Loss::parse("quantile"), InputError);
  EXPECT_THROW(Loss::huber(0), InputError);
  EXPECT_EQ(Loss::parse("mq", {90}).output_size(), 3);
}

}  // namespace
}  // namespace gradaudit::tft
