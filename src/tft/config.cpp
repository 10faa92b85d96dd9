#include "tft/config.h"

#include <string>

#include "common/input_error.h"

namespace gradaudit::tft {

const std::vector<config::KeyInfo>& config_keys() {
  static const std::vector<config::KeyInfo> keys = {
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
      {"loss", true, "mae, mse, huber or mq"},
      {"level", true, "prediction-interval levels in % for mq"},
      {"delta", true, "threshold of the Huber loss"},
      {"valid_loss", false, "loss of the validation checks (default: the training loss)"},
      {"learning_rate", false, "optimizer step size"},
      {"max_steps", false, "training steps"},
      {"batch_size", false, "series per batch"},
      {"windows_batch_size", false, "windows per batch"},
      {"valid_batch_size", false, "series per validation batch"},
      {"inference_windows_batch_size", false, "windows per inference batch"},
      {"scaler_type", false, "per-window scaler (applied to the data, not the model)"},
      {"step_size", false, "distance between training windows"},
      {"start_padding_enabled", false, "pad short series at the start"},
      {"random_seed", false, "initialisation and sampling seed"},
      {"num_lr_decays", false, "learning-rate decays"},
      {"early_stop_patience_steps", false, "validation checks without improvement before stopping"},
      {"val_check_steps", false, "steps between validation checks"},
      {"gradient_clip_val", false, "gradient norm clipping"},
      {"accumulate_grad_batches", false, "micro-batches per optimisation step"},
      {"val_size", false, "validation steps at the end of each series"},
      {"test_size", false, "test steps at the end of each series"},
      {"stat_exog_list", false, "static columns"},
      {"hist_exog_list", false, "historic columns"},
      {"futr_exog_list", false, "future columns"},
  };
  return keys;
}

namespace {

// validate() names the key first ("hidden_size: expected ..."); point at
// where that key was set.
[[noreturn]] void rethrow_with_origin(const InputError& e, const config::Reader& read) {
  const std::string message = e.what();
  const std::string key = message.substr(0, message.find(':'));
  const std::string at = read.where(key);
  throw InputError(at.empty() ? message : at + ": " + message);
}

}  // namespace

Loss loss_from_config(const config::Configuration& config, const config::Origins* origins) {
  const config::Reader read(config, origins);
  try {
    return Loss::parse(read.text("loss", "mae"), read.reals("level", {80.0, 90.0}), read.real("delta", 1.0));
  } catch (const InputError& e) {
    rethrow_with_origin(e, read);
  }
}

TFTOptions options_from_config(const config::Configuration& config, const config::Origins* origins) {
  const config::Reader read(config, origins);
  if (!read.has("h")) read.fail("h", "missing (the forecast horizon)");
  const int64_t h = read.integer("h", 0);
  if (!read.has("input_size") && !read.has("input_size_multiplier"))
    read.fail("input_size", "missing (the observed window; or give input_size_multiplier)");
  const int64_t input_size =
      read.has("input_size") ? read.integer("input_size", 0) : h * read.integer("input_size_multiplier", 1);
  TFTOptions o(h, input_size);
  try {
    o.tgt_size(read.integer("tgt_size", o.tgt_size()))
        .stat_exog_size(read.integer("stat_exog_size", o.stat_exog_size()))
        .hist_exog_size(read.integer("hist_exog_size", o.hist_exog_size()))
        .futr_exog_size(read.integer("futr_exog_size", o.futr_exog_size()))
        .hidden_size(read.integer("hidden_size", o.hidden_size()))
        .n_head(read.integer("n_head", o.n_head()))
        .dropout(read.real("dropout", o.dropout()))
        .attn_dropout(read.real("attn_dropout", o.attn_dropout()))
        .grn_activation(parse_activation(read.text("grn_activation", activation_name(o.grn_activation()))))
        .rnn_type(parse_rnn_type(read.text("rnn_type", rnn_type_name(o.rnn_type()))))
        .n_rnn_layers(read.integer("n_rnn_layers", o.n_rnn_layers()))
        .one_rnn_initial_state(read.boolean("one_rnn_initial_state", o.one_rnn_initial_state()))
        .output_size(loss_from_config(config, origins).output_size());
    o.validate();
  } catch (const InputError& e) {
    rethrow_with_origin(e, read);
  }
  return o;
}

config::Configuration to_config(const TFTOptions& o, const Loss& loss) {
  config::Configuration c = config::Configuration::object();
  c["h"] = o.h();
  c["input_size"] = o.input_size();
  c["tgt_size"] = o.tgt_size();
  c["stat_exog_size"] = o.stat_exog_size();
  c["hist_exog_size"] = o.hist_exog_size();
  c["futr_exog_size"] = o.futr_exog_size();
  c["hidden_size"] = o.hidden_size();
  c["n_head"] = o.n_head();
  c["dropout"] = o.dropout();
  c["attn_dropout"] = o.attn_dropout();
  c["grn_activation"] = activation_name(o.grn_activation());
  c["rnn_type"] = rnn_type_name(o.rnn_type());
  c["n_rnn_layers"] = o.n_rnn_layers();
  c["one_rnn_initial_state"] = o.one_rnn_initial_state();
  c["loss"] = loss.name();
  if (loss.kind() == LossKind::kMQ) c["level"] = loss.levels();
  if (loss.kind() == LossKind::kHuber) c["delta"] = loss.delta();
  return c;
}

}  // namespace gradaudit::tft
