#include "tftcli/model_flags.h"

#include <CLI/CLI.hpp>

#include <vector>

namespace gradaudit::tftcli {
namespace {

template <typename T>
CLI::Option* add_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                     const std::string& help) {
  return app.add_option_function<T>(
      flag,
      [&flags, flag, key](const T& value) {
        flags.values[key] = value;
        flags.origins[key] = flag;
      },
      help);
}

}  // namespace

void add_model_flags(CLI::App& app, ConfigFlags& f, bool with_counts) {
  add_key<int64_t>(app, f, "--h", "h", "forecast horizon");
  add_key<int64_t>(app, f, "--input-size", "input_size", "observed steps per window");
  add_key<int64_t>(app, f, "--tgt-size", "tgt_size", "targets per window (default 1)");
  if (with_counts) {
    add_key<int64_t>(app, f, "--stat-exog", "stat_exog_size", "number of static exogenous variables (default 0)");
    add_key<int64_t>(app, f, "--hist-exog", "hist_exog_size", "number of historic exogenous variables (default 0)");
    add_key<int64_t>(app, f, "--futr-exog", "futr_exog_size", "number of future exogenous variables (default 0)");
  }
  add_key<int64_t>(app, f, "--hidden-size", "hidden_size", "units of embeddings and encoders (default 128)");
  add_key<int64_t>(app, f, "--n-head", "n_head", "attention heads (default 4)");
  add_key<double>(app, f, "--dropout", "dropout", "dropout of the GRNs (default 0.1)");
  add_key<double>(app, f, "--attn-dropout", "attn_dropout", "dropout of the attention weights (default 0)");
  add_key<std::string>(app, f, "--grn-activation", "grn_activation",
                       "ReLU, Softplus, Tanh, SELU, LeakyReLU, Sigmoid, ELU (default), GLU or GELU");
  add_key<std::string>(app, f, "--rnn-type", "rnn_type", "lstm (default) or gru");
  add_key<int64_t>(app, f, "--n-rnn-layers", "n_rnn_layers", "RNN layers (default 1)");
  app.add_flag_callback(
      "--one-rnn-initial-state",
      [&f] {
        f.values["one_rnn_initial_state"] = true;
        f.origins["one_rnn_initial_state"] = "--one-rnn-initial-state";
      },
      "initialise every RNN layer with one state computed from the static inputs");
  add_key<std::string>(app, f, "--loss", "loss", "mae (default), mse, huber or mq (multi-quantile)");
  add_key<std::vector<double>>(app, f, "--level", "level", "prediction-interval levels in % for --loss mq (default 80,90)")
      ->delimiter(',');
  add_key<double>(app, f, "--delta", "delta", "threshold of --loss huber (default 1)");
}

}  // namespace gradaudit::tftcli
