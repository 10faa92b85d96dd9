// NeuralForecast weights, hyperparameters and batches meeting our TFT: every
// name and shape checked both ways, each failure one line naming the key.
#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <torch/torch.h>

#include "common/input_error.h"
#include "interop/apply_state_dict.h"
#include "interop/hyperparameters.h"
#include "interop/nf_weights.h"
#include "interop/tft_forward.h"
#include "python_torch.h"
#include "test_support.h"
#include "tft/config.h"
#include "tft/model.h"

namespace gradaudit::testing {
namespace {

const Schema kStatic{2, 3, 2};
const char kDeviation[] = "static_encoder.vsn.joint_grn.lin_c.weight";

// What NeuralForecast's state_dict() holds for `model`: its parameters and
// buffers, plus the context projection NeuralForecast builds and we do not.
interop::StateDict nf_state_of(tft::TFT& model) {
  interop::StateDict state;
  for (const auto& p : model->named_parameters(true)) state.insert(p.key(), at::randn_like(p.value()));
  for (const auto& b : model->named_buffers(true)) state.insert(b.key(), b.value().clone());
  if (model->options().stat_exog_size() > 0) state.insert(kDeviation, at::randn({model->options().hidden_size(), model->options().hidden_size()}));
  return state;
}

std::string apply_error(tft::TFT& model, const interop::StateDict& state) {
  try {
    interop::apply_state_dict(*model, state, "w.pt");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

interop::StateDict without(const interop::StateDict& state, const std::string& name) {
  interop::StateDict out;
  for (const auto& item : state)
    if (item.key() != name) out.insert(item.key(), item.value());
  return out;
}

TEST(InteropApplyStateDict, CopiesEveryTensorAndNotesTheDeviation) {
  tft::TFT model(small_options(kStatic));
  interop::StateDict state = nf_state_of(model);
  state.insert("loss.quantiles", at::tensor({0.5, 0.1, 0.9}));
  const auto notes = interop::apply_state_dict(*model, state, "w.pt");
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].rfind(kDeviation, 0), 0u) << notes[0];
  EXPECT_EQ(notes[1].rfind("loss.quantiles", 0), 0u) << notes[1];
  for (const auto& p : model->named_parameters(true)) EXPECT_TRUE(p.value().equal(state[p.key()])) << p.key();
  for (const auto& p : model->named_parameters(true)) EXPECT_TRUE(p.value().requires_grad()) << p.key();
}

TEST(InteropApplyStateDict, NamesMissingExtraAndMisShapedParameters) {
  tft::TFT model(small_options(kStatic));
  const interop::StateDict state = nf_state_of(model);
  const at::Tensor before = model->output_adapter->weight.clone();

  EXPECT_NE(apply_error(model, without(state, "output_adapter.weight")).find("w.pt: missing parameter output_adapter.weight [1, 16]"),
            std::string::npos);
  EXPECT_NE(apply_error(model, without(state, "temporal_fusion_decoder.attention._mask"))
                .find("missing parameter temporal_fusion_decoder.attention._mask [1, 36, 36]"),
            std::string::npos);

  interop::StateDict two_missing = without(without(state, "output_adapter.weight"), "static_encoder.context_grns.0.lin_a.weight");
  EXPECT_NE(apply_error(model, two_missing).find("missing parameter static_encoder.context_grns.0.lin_a.weight [16, 16] (and 1 more)"),
            std::string::npos)
      << "the first in registration order: " << apply_error(model, two_missing);

  interop::StateDict extra = state;
  extra.insert("decoder.extra.weight", at::zeros({2, 2}));
  EXPECT_NE(apply_error(model, extra).find("unexpected parameter decoder.extra.weight [2, 2]"), std::string::npos)
      << apply_error(model, extra);

  interop::StateDict reshaped = state;
  reshaped["output_adapter.weight"] = at::zeros({2, 16});
  EXPECT_NE(apply_error(model, reshaped).find("w.pt: output_adapter.weight: shape [2, 16] in the file, the model expects [1, 16]"),
            std::string::npos)
      << apply_error(model, reshaped);

  interop::StateDict integral = state;
  integral["output_adapter.weight"] = at::zeros({1, 16}, at::kLong);
  EXPECT_NE(apply_error(model, integral).find("expected floating point"), std::string::npos);

  EXPECT_TRUE(model->output_adapter->weight.equal(before)) << "a failed load leaves the model unchanged";
}

TEST(InteropApplyStateDict, TheDeviationIsOnlySkippedWhereNeuralForecastHasIt) {
  tft::TFT model(small_options({0, 0, 0}));
  interop::StateDict state = nf_state_of(model);
  EXPECT_TRUE(interop::apply_state_dict(*model, state, "w.pt").empty());
}

TEST(InteropBatchInputs, TakesTheKindsTheModelHas) {
  const auto options = small_options(kStatic);
  interop::TensorDict batch;
  batch.insert("insample_y", at::randn({3, 24, 1}, at::kDouble));
  batch.insert("futr_exog", at::randn({3, 36, 2}));
  batch.insert("hist_exog", at::randn({3, 24, 3}));
  batch.insert("stat_exog", at::randn({3, 2}));
  const tft::TFTInputs in = interop::batch_inputs(batch, options, "b.pt");
  EXPECT_EQ(in.insample_y.scalar_type(), at::kFloat);
  EXPECT_TRUE(in.insample_y.equal(batch["insample_y"].to(at::kFloat)));
  ASSERT_TRUE(in.futr_exog && in.hist_exog && in.stat_exog);
  EXPECT_TRUE(in.stat_exog->equal(batch["stat_exog"]));

  interop::TensorDict only_y;
  only_y.insert("insample_y", at::randn({2, 24, 1}));
  const tft::TFTInputs y = interop::batch_inputs(only_y, small_options({0, 0, 0}), "b.pt");
  EXPECT_FALSE(y.futr_exog || y.hist_exog || y.stat_exog);
}

TEST(InteropBatchInputs, NamesTheKeyAndTheShapeExpected) {
  const auto options = small_options({0, 3, 2});
  auto error_of = [&](const interop::TensorDict& batch) {
    try {
      interop::batch_inputs(batch, options, "b.pt");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  auto make = [](std::vector<std::pair<std::string, at::Tensor>> entries) {
    interop::TensorDict d;
    for (auto& [k, v] : entries) d.insert(k, v);
    return d;
  };
  const at::Tensor y = at::randn({3, 24, 1}), f = at::randn({3, 36, 2}), x = at::randn({3, 24, 3});
  EXPECT_EQ(error_of(make({{"insample_y", y}, {"futr_exog", f}})), "b.pt: hist_exog: missing, expected [B, 24, 3] [B, L, X]");
  EXPECT_EQ(error_of(make({{"insample_y", y}, {"futr_exog", at::randn({3, 24, 2})}, {"hist_exog", x}})),
            "b.pt: futr_exog: shape [3, 24, 2], expected [B, 36, 2] [B, L+h, F] with B=3 as insample_y");
  EXPECT_EQ(error_of(make({{"insample_y", y}, {"futr_exog", at::randn({4, 36, 2})}, {"hist_exog", x}})),
            "b.pt: futr_exog: shape [4, 36, 2], expected [B, 36, 2] [B, L+h, F] with B=3 as insample_y");
  EXPECT_EQ(error_of(make({{"insample_y", at::randn({3, 24})}, {"futr_exog", f}, {"hist_exog", x}})),
            "b.pt: insample_y: shape [3, 24], expected [B, 24, 1] [B, L, tgt]");
  EXPECT_EQ(error_of(make({{"insample_y", y}, {"futr_exog", f}, {"hist_exog", x}, {"stat_exog", at::randn({3, 1})}})),
            "b.pt: stat_exog: the model has no such inputs (stat_exog_size=0); leave it out");
  EXPECT_EQ(error_of(make({{"insample_y", y}, {"futr_exog", f}, {"hist_exog", x}, {"outsample_y", y}})),
            "b.pt: outsample_y: unexpected entry (expected insample_y, futr_exog, hist_exog, stat_exog)");
  EXPECT_EQ(error_of(make({{"insample_y", y.to(at::kLong)}, {"futr_exog", f}, {"hist_exog", x}})),
            "b.pt: insample_y: dtype Long, expected floating point");
}

TEST(InteropRunForward, ReturnsTheModelsOutputsInEvalMode) {
  tft::TFT model(small_options(kStatic));
  model->train();
  interop::TensorDict batch;
  const tft::TFTInputs in = random_inputs(model->options(), 2);
  batch.insert("insample_y", in.insample_y);
  batch.insert("futr_exog", *in.futr_exog);
  batch.insert("hist_exog", *in.hist_exog);
  batch.insert("stat_exog", *in.stat_exog);
  const auto out = interop::run_forward(model, batch, "b.pt");
  EXPECT_FALSE(model->is_training());
  EXPECT_EQ(out.keys(), (std::vector<std::string>{"y_hat", "static_weights", "history_weights", "future_weights",
                                                  "attention_weights"}));
  torch::NoGradGuard no_grad;
  const tft::TFTOutputs expected = model->forward(in);
  EXPECT_TRUE(out["y_hat"].equal(expected.y_hat)) << "eval mode: no dropout, so the same numbers";
  EXPECT_FALSE(out["y_hat"].requires_grad());
}

TEST(InteropHyperparameters, MapsANeuralForecastCheckpoint) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto result = run_python(dir, R"PY(
import torch
class MQLoss(torch.nn.Module):  # stands in for neuralforecast.losses.pytorch.MQLoss
    def __init__(self):
        super().__init__()
        self.quantiles = torch.nn.Parameter(torch.tensor([0.5, 0.05, 0.1, 0.9, 0.95]), requires_grad=False)
        self.output_names = ['-median', '-lo-90', '-lo-80', '-hi-80', '-hi-90']
        self.outputsize_multiplier = 5
class MAE(torch.nn.Module):
    pass
class AttributeDict(dict):
    pass
import numpy as np
hp = AttributeDict(h=np.int64(12), input_size=24, tgt_size=1, stat_exog_list=['s1', 's2'], hist_exog_list=None,
                   futr_exog_list=['f1'], hidden_size=16, n_head=4, attn_dropout=0.0, grn_activation='ELU',
                   n_rnn_layers=2, rnn_type='gru', one_rnn_initial_state=np.bool_(True), dropout=np.float32(0.25), loss=MQLoss(),
                   valid_loss=MAE(), max_steps=500, learning_rate=1e-3, batch_size=32, scaler_type='robust',
                   random_seed=1, alias=None)
torch.save({'state_dict': {}, 'hyper_parameters': hp, 'epoch': 1}, 'nf.ckpt')
torch.save({'state_dict': {}, 'hyper_parameters': {'h': 'twelve'}}, 'bad.ckpt')
torch.save({'a': torch.zeros(1)}, 'plain.pt')
)PY");
  ASSERT_EQ(result.code, 0) << result.out;
  const config::Configuration c = interop::read_hyperparameters(dir.path("nf.ckpt"));
  EXPECT_EQ(c["h"], 12) << "from np.int64";
  EXPECT_EQ(c["dropout"], 0.25) << "from np.float32";
  EXPECT_EQ(c["stat_exog_size"], 2);
  EXPECT_EQ(c["hist_exog_size"], 0);
  EXPECT_EQ(c["futr_exog_size"], 1);
  EXPECT_EQ(c["futr_exog_list"], nlohmann::ordered_json::array({"f1"}));
  EXPECT_EQ(c["loss"], "MQLoss");
  EXPECT_EQ(c["level"], nlohmann::ordered_json::array({80.0, 90.0}));
  EXPECT_EQ(c["valid_loss"], "MAE");
  EXPECT_EQ(c["scaler_type"], "robust");
  const tft::TFTOptions o = tft::options_from_config(c);
  EXPECT_EQ(o.rnn_type(), tft::RnnType::kGru);
  EXPECT_EQ(o.n_rnn_layers(), 2);
  EXPECT_TRUE(o.one_rnn_initial_state());
  EXPECT_EQ(o.output_size(), 5);
  EXPECT_EQ(o.hidden_size(), 16);

  try {
    tft::options_from_config(interop::read_hyperparameters(dir.path("bad.ckpt")));
    ADD_FAILURE() << "h='twelve' accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("h"), std::string::npos) << e.what();
  }
  // One read for import-nf: weights and, from a checkpoint only, hyperparameters.
  const auto from_checkpoint = interop::read_neuralforecast_weights(dir.path("nf.ckpt"));
  ASSERT_TRUE(from_checkpoint.hyperparameters);
  EXPECT_EQ(*from_checkpoint.hyperparameters, c);
  EXPECT_EQ(from_checkpoint.state.size(), 0u);
  const auto from_state_dict = interop::read_neuralforecast_weights(dir.path("plain.pt"));
  EXPECT_FALSE(from_state_dict.hyperparameters);
  EXPECT_EQ(from_state_dict.state.keys(), (std::vector<std::string>{"a"}));

  try {
    interop::read_hyperparameters(dir.path("plain.pt"));
    ADD_FAILURE() << "a plain dict has hyperparameters";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no hyper_parameters entry"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gradaudit::testing
