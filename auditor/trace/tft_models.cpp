#include "trace/tft_models.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>

#include <stdexcept>

#include "models/tft_unconditional_static.h"
#include "tft/loss.h"
#include "trace/module_audit.h"
#include "tft/model.h"

namespace gradaudit::trace {
namespace {

using Json = nlohmann::ordered_json;

// NeuralForecast's AutoTFT keys plus the data schema. Training-only keys are
// accepted in spaces but never reach the model (see KeyInfo::structural).
std::vector<KeyInfo> tft_keys() {
  return {
      {"h", true, "forecast horizon"},
      {"input_size", true, "observed steps per window (or use input_size_multiplier)"},
      {"input_size_multiplier", true, "input_size = input_size_multiplier * h (AutoTFT)"},
      {"tgt_size", true, "targets per window"},
      {"stat_exog_size", true, "number of static exogenous variables"},
      {"hist_exog_size", true, "number of historic exogenous variables"},
      {"futr_exog_size", true, "number of future exogenous variables"},
      {"hidden_size", true, "units of embeddings and encoders"},
      {"n_head", true, "attention heads"},
      {"dropout", true, "GRN dropout"},
      {"attn_dropout", true, "attention dropout"},
      {"grn_activation", true, "GRN activation"},
      {"rnn_type", true, "lstm or gru"},
      {"n_rnn_layers", true, "RNN layers"},
      {"one_rnn_initial_state", true, "one static initial state for every RNN layer"},
      {"loss", true, "mae, mse or mq"},
      {"level", true, "prediction-interval level for mq (one number)"},
      {"learning_rate", false, "optimizer step size"},
      {"max_steps", false, "training steps"},
      {"batch_size", false, "series per batch"},
      {"windows_batch_size", false, "windows per batch"},
      {"valid_batch_size", false, "series per validation batch"},
      {"inference_windows_batch_size", false, "windows per inference batch"},
      {"scaler_type", false, "per-window scaler (applied to the data, not the model)"},
      {"step_size", false, "distance between training windows"},
      {"random_seed", false, "initialisation seed"},
      {"num_lr_decays", false, "learning-rate decays"},
      {"early_stop_patience_steps", false, "validation checks without improvement before stopping"},
      {"val_check_steps", false, "steps between validation checks"},
  };
}

// AutoTFT's default space (NeuralForecast), crossed with every data schema of
// up to two variables per kind.
constexpr const char* kDefaultSpace = R"(# NeuralForecast's AutoTFT space x data schemas
fixed:
  h: 12
grid:
  stat_exog_size: [0, 2]
  hist_exog_size: [0, 2]
  futr_exog_size: [0, 2]
random:
  samples: 10
  seed: 1
  params:
    input_size_multiplier: [1, 2, 3, 4, 5]
    hidden_size: [64, 128, 256]
    n_head: [4, 8]
    learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
    scaler_type: ['none', 'robust', 'standard']
    max_steps: [500, 1000, 2000]
    batch_size: [32, 64, 128, 256]
    windows_batch_size: [128, 256, 512, 1024]
    random_seed: {randint: [1, 20]}
)";

int64_t integer(const Configuration& c, const char* key, int64_t fallback) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_number_integer()) throw std::invalid_argument(fmt::format("{}: expected a whole number, got {}", key, c[key].dump()));
  return c[key].get<int64_t>();
}

double real(const Configuration& c, const char* key, double fallback) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_number()) throw std::invalid_argument(fmt::format("{}: expected a number, got {}", key, c[key].dump()));
  return c[key].get<double>();
}

std::string text(const Configuration& c, const char* key, const std::string& fallback) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_string()) throw std::invalid_argument(fmt::format("{}: expected a string, got {}", key, c[key].dump()));
  return c[key].get<std::string>();
}

bool boolean(const Configuration& c, const char* key, bool fallback) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_boolean()) throw std::invalid_argument(fmt::format("{}: expected true or false, got {}", key, c[key].dump()));
  return c[key].get<bool>();
}

tft::Loss loss_of(const Configuration& c) {
  const std::string name = text(c, "loss", "mae");
  return name == "mq" ? tft::Loss::multi_quantile({real(c, "level", 90.0)}) : tft::Loss::parse(name);
}

tft::TFTOptions options_of(const Configuration& c) {
  const int64_t h = integer(c, "h", 12);
  const int64_t input_size =
      c.contains("input_size_multiplier") ? h * integer(c, "input_size_multiplier", 1) : integer(c, "input_size", 2 * h);
  auto options = tft::TFTOptions(h, input_size)
                     .tgt_size(integer(c, "tgt_size", 1))
                     .stat_exog_size(integer(c, "stat_exog_size", 0))
                     .hist_exog_size(integer(c, "hist_exog_size", 0))
                     .futr_exog_size(integer(c, "futr_exog_size", 0))
                     .hidden_size(integer(c, "hidden_size", 128))
                     .n_head(integer(c, "n_head", 4))
                     .dropout(real(c, "dropout", 0.1))
                     .attn_dropout(real(c, "attn_dropout", 0.0))
                     .grn_activation(tft::parse_activation(text(c, "grn_activation", "ELU")))
                     .rnn_type(tft::parse_rnn_type(text(c, "rnn_type", "lstm")))
                     .n_rnn_layers(integer(c, "n_rnn_layers", 1))
                     .one_rnn_initial_state(boolean(c, "one_rnn_initial_state", false))
                     .output_size(loss_of(c).output_size());
  options.validate();
  return options;
}

// A two-window synthetic batch drawn from its own generator, so a seed always
// gives the same batch whatever else runs.
tft::TFTInputs synthetic_batch(const tft::TFTOptions& o, uint64_t seed, at::Tensor* target) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  const int64_t batch = 2;
  tft::TFTInputs in;
  in.insample_y = at::randn({batch, o.input_size(), o.tgt_size()}, gen);
  if (o.futr_exog_size() > 0) in.futr_exog = at::randn({batch, o.example_length(), o.futr_exog_size()}, gen);
  if (o.hist_exog_size() > 0) in.hist_exog = at::randn({batch, o.input_size(), o.hist_exog_size()}, gen);
  if (o.stat_exog_size() > 0) in.stat_exog = at::randn({batch, o.stat_exog_size()}, gen);
  *target = at::randn({batch, o.h()}, gen);
  return in;
}

template <typename Holder>
AuditSubject tft_subject(const Configuration& config) {
  const tft::TFTOptions options = options_of(config);
  const tft::Loss loss = loss_of(config);
  auto model = Holder(options).ptr();
  model->train();
  return module_subject(model, [model, options, loss](uint64_t seed) {
    at::Tensor target;
    const tft::TFTInputs inputs = synthetic_batch(options, seed, &target);
    const tft::TFTOutputs out = model->forward(inputs);
    ForwardResult r;
    r.loss = loss(out.y_hat, target, at::ones_like(target));
    r.outputs = {out.y_hat, out.history_weights, out.future_weights, out.attention_weights};
    if (out.static_weights.defined()) r.outputs.push_back(out.static_weights);
    return r;
  });
}

}  // namespace

void register_tft_models(ModelRegistry& registry) {
  registry.add({"tft", "Temporal Fusion Transformer (src/tft), built conditionally per data schema", tft_keys(),
                kDefaultSpace, tft_subject<tft::TFT>});
  registry.add({"tft-unconditional-static",
                "FIXTURE: the TFT as NeuralForecast built it before its fix (static encoder always built)",
                tft_keys(), kDefaultSpace, tft_subject<fixtures::TFTUnconditionalStatic>});
}

}  // namespace gradaudit::trace
