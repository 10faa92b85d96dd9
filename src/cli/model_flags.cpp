#include "cli/model_flags.h"

#include <CLI/CLI.hpp>

namespace gradaudit::cli {

tft::Loss ModelFlags::to_loss() const { return tft::Loss::parse(loss, level); }

tft::TFTOptions ModelFlags::to_options() const {
  auto options = tft::TFTOptions(h, input_size)
                     .tgt_size(tgt_size)
                     .stat_exog_size(stat_exog)
                     .hist_exog_size(hist_exog)
                     .futr_exog_size(futr_exog)
                     .hidden_size(hidden_size)
                     .n_head(n_head)
                     .dropout(dropout)
                     .attn_dropout(attn_dropout)
                     .grn_activation(tft::parse_activation(grn_activation))
                     .rnn_type(tft::parse_rnn_type(rnn_type))
                     .n_rnn_layers(n_rnn_layers)
                     .one_rnn_initial_state(one_rnn_initial_state)
                     .output_size(to_loss().output_size());
  options.validate();
  return options;
}

void add_model_flags(CLI::App& app, ModelFlags& f, bool with_counts) {
  app.add_option("--h", f.h, "forecast horizon")->required();
  app.add_option("--input-size", f.input_size, "observed steps per window")->required();
  app.add_option("--tgt-size", f.tgt_size, "targets per window")->capture_default_str();
  if (with_counts) {
    app.add_option("--stat-exog", f.stat_exog, "number of static exogenous variables")->capture_default_str();
    app.add_option("--hist-exog", f.hist_exog, "number of historic exogenous variables")->capture_default_str();
    app.add_option("--futr-exog", f.futr_exog, "number of future exogenous variables")->capture_default_str();
  }
  app.add_option("--hidden-size", f.hidden_size, "units of embeddings and encoders")->capture_default_str();
  app.add_option("--n-head", f.n_head, "attention heads")->capture_default_str();
  app.add_option("--dropout", f.dropout, "dropout of the GRNs")->capture_default_str();
  app.add_option("--attn-dropout", f.attn_dropout, "dropout of the attention weights")->capture_default_str();
  app.add_option("--grn-activation", f.grn_activation,
                 "ReLU, Softplus, Tanh, SELU, LeakyReLU, Sigmoid, ELU, GLU or GELU")
      ->capture_default_str();
  app.add_option("--rnn-type", f.rnn_type, "lstm or gru")->capture_default_str();
  app.add_option("--n-rnn-layers", f.n_rnn_layers, "RNN layers")->capture_default_str();
  app.add_flag("--one-rnn-initial-state", f.one_rnn_initial_state,
               "initialise every RNN layer with one state computed from the static inputs");
  app.add_option("--loss", f.loss, "mae, mse or mq (multi-quantile)")->capture_default_str();
  app.add_option("--level", f.level, "prediction-interval levels in % for --loss mq, e.g. 80 90")
      ->delimiter(',');
}

}  // namespace gradaudit::cli
