// Forward pass: output shapes for every schema and loss, interpretability
// outputs, causal attention, determinism, and clear errors for bad inputs.
#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <gtest/gtest.h>
#include <torch/utils.h>

#include "test_support.h"
#include "tft/attention.h"
#include "tft/loss.h"
#include "tft/model.h"

namespace gradaudit::testing {
namespace {

const std::vector<Schema> kSchemas = {{0, 0, 0}, {0, 0, 2}, {0, 2, 0}, {1, 0, 0}, {2, 3, 2}, {3, 1, 1}};

std::vector<int64_t> sizes(const at::Tensor& t) { return t.sizes().vec(); }

TEST(TFTForward, ShapesForEverySchemaAndLoss) {
  const std::vector<tft::Loss> losses = {tft::Loss::mae(), tft::Loss::mse(), tft::Loss::multi_quantile({80, 90})};
  for (const auto& schema : kSchemas) {
    for (const auto& loss : losses) {
      SCOPED_TRACE(schema.name() + " outputs=" + std::to_string(loss.output_size()));
      const auto options = small_options(schema, loss.output_size());
      tft::TFT model(options);
      const int64_t B = 3;
      const auto out = model->forward(random_inputs(options, B));
      EXPECT_EQ(sizes(out.y_hat), (std::vector<int64_t>{B, 12, loss.output_size()}));
      EXPECT_EQ(sizes(out.history_weights), (std::vector<int64_t>{B, 24, schema.hist + std::max<int64_t>(schema.futr, 1) + 1}));
      EXPECT_EQ(sizes(out.future_weights), (std::vector<int64_t>{B, 12, std::max<int64_t>(schema.futr, 1)}));
      EXPECT_EQ(sizes(out.attention_weights), (std::vector<int64_t>{B, 4, 36, 36}));
      if (schema.stat > 0) {
        EXPECT_EQ(sizes(out.static_weights), (std::vector<int64_t>{B, schema.stat}));
      } else {
        EXPECT_FALSE(out.static_weights.defined());
      }
      const at::Tensor value = loss(out.y_hat, at::randn({B, 12}), at::ones({B, 12}));
      EXPECT_EQ(value.dim(), 0);
      EXPECT_TRUE(std::isfinite(value.item<double>()));
    }
  }
}

TEST(TFTForward, SelectionAndAttentionWeightsAreDistributions) {
  const auto options = small_options({2, 3, 2});
  tft::TFT model(options);
  const auto out = model->forward(random_inputs(options, 2));
  for (const at::Tensor& w : {out.static_weights, out.history_weights, out.future_weights, out.attention_weights}) {
    EXPECT_TRUE(at::allclose(w.sum(-1), at::ones_like(w.sum(-1)), 1e-5, 1e-5));
    EXPECT_GE(w.min().item<double>(), 0.0);
  }
  // Causal: no step attends to a later one.
  const at::Tensor above_diagonal = out.attention_weights.triu(1);
  EXPECT_EQ(above_diagonal.abs().max().item<double>(), 0.0);
}

TEST(TFTForward, GruMultiLayerAndSharedInitialStateVariantsRun) {
  for (auto rnn : {tft::RnnType::kLstm, tft::RnnType::kGru}) {
    for (bool one_state : {false, true}) {
      auto options = small_options({2, 1, 1}).rnn_type(rnn).n_rnn_layers(2).one_rnn_initial_state(one_state);
      SCOPED_TRACE(std::string(tft::rnn_type_name(rnn)) + (one_state ? " shared state" : " state per layer"));
      tft::TFT model(options);
      const auto out = model->forward(random_inputs(options, 2));
      EXPECT_EQ(sizes(out.y_hat), (std::vector<int64_t>{2, 12, 1}));
      // cs, ce, then one context GRN per initial state (two kinds for LSTM).
      const size_t states = one_state ? 1 : 2;
      EXPECT_EQ(model->static_encoder->context_grns->size(), 2 + states * (rnn == tft::RnnType::kLstm ? 2 : 1));
    }
  }
}

TEST(TFTForward, EveryActivationRuns) {
  for (const char* name : {"ReLU", "Softplus", "Tanh", "SELU", "LeakyReLU", "Sigmoid", "ELU", "GLU", "GELU"}) {
    SCOPED_TRACE(name);
    auto options = small_options({1, 1, 1}).grn_activation(tft::parse_activation(name));
    tft::TFT model(options);
    const auto out = model->forward(random_inputs(options, 2));
    EXPECT_TRUE(at::isfinite(out.y_hat).all().item<bool>());
  }
}

TEST(TFTForward, AttentionIsCausal) {
  torch::manual_seed(3);
  tft::InterpretableMultiHeadAttention attention(4, 16, 10, 0.0, 0.0);
  attention->eval();
  const at::Tensor x = at::randn({2, 10, 16});
  const auto base = attention->forward(x);
  for (int64_t t : {3, 7, 9}) {
    at::Tensor perturbed = x.clone();
    perturbed.select(1, t).add_(5.0);
    const auto moved = attention->forward(perturbed);
    EXPECT_TRUE(at::allclose(base.output.slice(1, 0, t), moved.output.slice(1, 0, t), 1e-6, 1e-6))
        << "an output before step " << t << " changed";
    EXPECT_FALSE(at::allclose(base.output.select(1, t), moved.output.select(1, t))) << "step " << t;
  }
}

TEST(TFTForward, FutureInputsOnlyChangeLaterForecastSteps) {
  torch::manual_seed(4);
  const auto options = small_options({1, 1, 2});
  tft::TFT model(options);
  model->eval();
  const auto inputs = random_inputs(options, 2);
  const at::Tensor base = model->forward(inputs).y_hat;
  for (int64_t k : {1, 5, 11}) {
    auto perturbed = inputs;
    perturbed.futr_exog = inputs.futr_exog->clone();
    perturbed.futr_exog->select(1, options.input_size() + k).add_(3.0);
    const at::Tensor moved = model->forward(perturbed).y_hat;
    EXPECT_TRUE(at::allclose(base.slice(1, 0, k), moved.slice(1, 0, k), 1e-5, 1e-6))
        << "forecast steps before " << k << " changed";
    EXPECT_FALSE(at::allclose(base.select(1, k), moved.select(1, k))) << "forecast step " << k;
  }
}

TEST(TFTForward, DeterministicUnderAFixedSeed) {
  const auto options = small_options({2, 1, 1}).dropout(0.3);
  auto run = [&](uint64_t seed) {
    torch::manual_seed(seed);
    tft::TFT model(options);
    model->train();  // dropout draws from the same generator
    return model->forward(random_inputs(options, 2)).y_hat;
  };
  const at::Tensor a = run(7), b = run(7), c = run(8);
  EXPECT_TRUE(at::equal(a, b));
  EXPECT_FALSE(at::allclose(a, c));
}

TEST(TFTForward, RepeatsTheLastTargetWhenThereAreNoFutureInputs) {
  torch::manual_seed(5);
  const auto options = small_options({0, 0, 0});
  tft::TFT model(options);
  model->eval();
  auto inputs = random_inputs(options, 2);
  const at::Tensor base = model->forward(inputs).y_hat;
  // Changing only the last observed target moves every forecast step: it is
  // the future input of the whole horizon.
  inputs.insample_y = inputs.insample_y.clone();
  inputs.insample_y.select(1, -1).add_(2.0);
  const at::Tensor moved = model->forward(inputs).y_hat;
  for (int64_t k = 0; k < 12; ++k) EXPECT_FALSE(at::allclose(base.select(1, k), moved.select(1, k))) << k;
}

TEST(TFTForward, BadInputsGiveOneClearError) {
  const auto options = small_options({2, 1, 1});
  tft::TFT model(options);
  auto expect_error = [&](tft::TFTInputs inputs, const std::string& needle) {
    try {
      model->forward(inputs);
      ADD_FAILURE() << "no error, expected one mentioning: " << needle;
    } catch (const c10::Error& e) {
      EXPECT_NE(std::string(e.what_without_backtrace()).find(needle), std::string::npos) << e.what_without_backtrace();
    }
  };
  auto inputs = random_inputs(options, 2);
  auto no_static = inputs;
  no_static.stat_exog.reset();
  expect_error(no_static, "stat_exog: the model was built with 2 such variables but none was given");
  auto short_window = inputs;
  short_window.insample_y = at::randn({2, 23, 1});
  expect_error(short_window, "insample_y: expected shape [batch, input_size, tgt_size], got [2, 23, 1]");
  auto wide_futr = inputs;
  wide_futr.futr_exog = at::randn({2, 36, 3});
  expect_error(wide_futr, "futr_exog: expected shape [batch, input_size + h, futr_exog_size], got [2, 36, 3]");
}

}  // namespace
}  // namespace gradaudit::testing
