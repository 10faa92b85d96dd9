#include "tftcli/config_flags.h"

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

void add_integer_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                     const std::string& help) {
  add_key<int64_t>(app, flags, flag, key, help);
}

void add_real_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                  const std::string& help) {
  add_key<double>(app, flags, flag, key, help);
}

void add_text_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                  const std::string& help) {
  add_key<std::string>(app, flags, flag, key, help);
}

void add_switch_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                    const std::string& help) {
  app.add_flag_callback(
      flag,
      [&flags, flag, key] {
        flags.values[key] = true;
        flags.origins[key] = flag;
      },
      help);
}

void add_list_key(CLI::App& app, ConfigFlags& flags, const std::string& flag, const std::string& key,
                  const std::string& help) {
  add_key<std::vector<std::string>>(app, flags, flag, key, help)->delimiter(',');
}

void add_model_flags(CLI::App& app, ConfigFlags& f, bool with_counts) {
  add_integer_key(app, f, "--h", "h", "forecast horizon");
  add_integer_key(app, f, "--input-size", "input_size", "observed steps per window");
  add_integer_key(app, f, "--tgt-size", "tgt_size", "targets per window (default 1)");
  if (with_counts) {
    add_integer_key(app, f, "--stat-exog", "stat_exog_size", "number of static exogenous variables (default 0)");
    add_integer_key(app, f, "--hist-exog", "hist_exog_size", "number of historic exogenous variables (default 0)");
    add_integer_key(app, f, "--futr-exog", "futr_exog_size", "number of future exogenous variables (default 0)");
  }
  add_integer_key(app, f, "--hidden-size", "hidden_size", "units of embeddings and encoders (default 128)");
  add_integer_key(app, f, "--n-head", "n_head", "attention heads (default 4)");
  add_real_key(app, f, "--dropout", "dropout", "dropout of the GRNs (default 0.1)");
  add_real_key(app, f, "--attn-dropout", "attn_dropout", "dropout of the attention weights (default 0)");
  add_text_key(app, f, "--grn-activation", "grn_activation",
               "ReLU, Softplus, Tanh, SELU, LeakyReLU, Sigmoid, ELU (default), GLU or GELU");
  add_text_key(app, f, "--rnn-type", "rnn_type", "lstm (default) or gru");
  add_integer_key(app, f, "--n-rnn-layers", "n_rnn_layers", "RNN layers (default 1)");
  add_switch_key(app, f, "--one-rnn-initial-state", "one_rnn_initial_state",
                 "initialise every RNN layer with one state computed from the static inputs");
  add_text_key(app, f, "--loss", "loss", "mae (default), mse, huber or mq (multi-quantile)");
  add_key<std::vector<double>>(app, f, "--level", "level", "prediction-interval levels in % for --loss mq (default 80,90)")
      ->delimiter(',');
  add_real_key(app, f, "--delta", "delta", "threshold of --loss huber (default 1)");
}

void add_training_flags(CLI::App& app, ConfigFlags& f, bool with_step_size) {
  add_integer_key(app, f, "--max-steps", "max_steps", "training steps (default 1000)");
  add_real_key(app, f, "--learning-rate", "learning_rate", "Adam's step size (default 1e-3)");
  add_integer_key(app, f, "--num-lr-decays", "num_lr_decays", "halvings of the learning rate (default -1: none)");
  add_integer_key(app, f, "--batch-size", "batch_size", "series per step (default 32)");
  add_integer_key(app, f, "--windows-batch-size", "windows_batch_size", "windows per step (default 1024)");
  add_integer_key(app, f, "--inference-windows-batch-size", "inference_windows_batch_size",
                  "windows per forward pass when evaluating (default 1024)");
  if (with_step_size) add_integer_key(app, f, "--step-size", "step_size", "steps between training windows (default 1)");
  add_switch_key(app, f, "--start-padding-enabled", "start_padding_enabled",
                 "pad series shorter than a window at their start (masked)");
  add_text_key(app, f, "--scaler-type", "scaler_type",
               "per-window scaler: identity, standard, robust (default), minmax, minmax1");
  add_integer_key(app, f, "--val-size", "val_size", "last steps of each series for validation (default 0)");
  add_integer_key(app, f, "--test-size", "test_size", "last steps of each series held out (default 0)");
  add_integer_key(app, f, "--val-check-steps", "val_check_steps", "steps between validation checks (default 100)");
  add_integer_key(app, f, "--early-stop-patience-steps", "early_stop_patience_steps",
                  "validation checks without improvement before stopping (default -1: never)");
  add_real_key(app, f, "--gradient-clip-val", "gradient_clip_val", "clip the gradients' norm (default: no clipping)");
  add_integer_key(app, f, "--accumulate-grad-batches", "accumulate_grad_batches",
                  "micro-batches per step, one gradient all-reduce each step (default 1)");
  add_integer_key(app, f, "--random-seed", "random_seed", "seed of initialisation, sampling and dropout (default 1)");
  add_text_key(app, f, "--valid-loss", "valid_loss", "loss of the validation checks (default: the training loss)");
}

void add_role_flags(CLI::App& app, ConfigFlags& f) {
  add_list_key(app, f, "--stat-exog", "stat_exog_list", "static columns (default: every column of --static)");
  add_list_key(app, f, "--hist-exog", "hist_exog_list", "columns observed in the past only");
  add_list_key(app, f, "--futr-exog", "futr_exog_list", "columns known over the horizon too");
}

}  // namespace gradaudit::tftcli
