// Every trainable parameter of the TFT receives a gradient, for every data
// schema: the property DistributedDataParallel relies on. One test per
// schema, and a failure names each parameter left without a gradient.
#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/utils.h>

#include "test_support.h"
#include "tft/loss.h"
#include "tft/model.h"

namespace gradaudit::testing {
namespace {

struct GradientCase {
  Schema schema;
  tft::RnnType rnn;
  int64_t layers;
  bool one_state;
};

class TFTGradients : public ::testing::TestWithParam<GradientCase> {};

TEST_P(TFTGradients, ReachEveryParameter) {
  const auto& c = GetParam();
  torch::manual_seed(11);
  const auto options =
      small_options(c.schema).rnn_type(c.rnn).n_rnn_layers(c.layers).one_rnn_initial_state(c.one_state);
  tft::TFT model(options);
  model->train();
  const auto out = model->forward(random_inputs(options, 4));
  tft::Loss::mae()(out.y_hat, at::randn({4, 12}), at::ones({4, 12})).backward();

  size_t checked = 0;
  for (const auto& p : model->named_parameters()) {
    ++checked;
    EXPECT_TRUE(p.value().grad().defined()) << "no gradient: " << p.key();
  }
  EXPECT_GT(checked, 80u);
}

std::string case_name(const ::testing::TestParamInfo<GradientCase>& info) {
  const auto& c = info.param;
  return c.schema.name() + "_" + tft::rnn_type_name(c.rnn) + std::to_string(c.layers) + (c.one_state ? "_shared" : "");
}

INSTANTIATE_TEST_SUITE_P(
    AllSchemas, TFTGradients,
    ::testing::Values(GradientCase{{0, 0, 0}, tft::RnnType::kLstm, 1, false},
                      GradientCase{{0, 0, 2}, tft::RnnType::kLstm, 1, false},
                      GradientCase{{0, 2, 0}, tft::RnnType::kLstm, 1, false},
                      GradientCase{{1, 0, 0}, tft::RnnType::kLstm, 1, false},
                      GradientCase{{2, 3, 2}, tft::RnnType::kLstm, 1, false},
                      GradientCase{{2, 3, 2}, tft::RnnType::kGru, 1, false},
                      GradientCase{{2, 3, 2}, tft::RnnType::kLstm, 2, false},
                      GradientCase{{2, 3, 2}, tft::RnnType::kLstm, 2, true},
                      GradientCase{{2, 3, 2}, tft::RnnType::kGru, 3, true},
                      GradientCase{{0, 1, 1}, tft::RnnType::kGru, 2, false}),
    case_name);

}  // namespace
}  // namespace gradaudit::testing
