// Options of the Temporal Fusion Transformer, named as NeuralForecast names them.
#pragma once

#include <torch/arg.h>

#include <cstdint>

#include "tft/activation.h"

namespace gradaudit::tft {

enum class RnnType { kLstm, kGru };

// Parses "lstm" / "gru" (any case); throws InputError otherwise.
RnnType parse_rnn_type(const std::string& name);
const char* rnn_type_name(RnnType type);

struct TFTOptions {
  TFTOptions(int64_t h, int64_t input_size) : h_(h), input_size_(input_size) {}

  // Forecast horizon and length of the observed window.
  TORCH_ARG(int64_t, h);
  TORCH_ARG(int64_t, input_size);
  // Number of target series observed per window (NeuralForecast: tgt_size).
  TORCH_ARG(int64_t, tgt_size) = 1;
  // Counts of static, historic-only and future-known exogenous variables.
  TORCH_ARG(int64_t, stat_exog_size) = 0;
  TORCH_ARG(int64_t, hist_exog_size) = 0;
  TORCH_ARG(int64_t, futr_exog_size) = 0;
  TORCH_ARG(int64_t, hidden_size) = 128;
  TORCH_ARG(int64_t, n_head) = 4;
  TORCH_ARG(double, attn_dropout) = 0.0;
  TORCH_ARG(double, dropout) = 0.1;
  TORCH_ARG(Activation, grn_activation) = Activation::kELU;
  TORCH_ARG(RnnType, rnn_type) = RnnType::kLstm;
  TORCH_ARG(int64_t, n_rnn_layers) = 1;
  TORCH_ARG(bool, one_rnn_initial_state) = false;
  // Width of the output adapter: 1 for point losses, one per quantile otherwise.
  TORCH_ARG(int64_t, output_size) = 1;

 public:  // TORCH_ARG leaves the access at private.
  // Throws InputError naming the first offending option.
  void validate() const;

  // Future inputs the model sees: without future exogenous variables the last
  // observed target is repeated over the window, as NeuralForecast does.
  int64_t future_input_size() const { return futr_exog_size_ > 0 ? futr_exog_size_ : 1; }
  int64_t historic_input_size() const { return hist_exog_size_ + future_input_size() + tgt_size_; }
  int64_t example_length() const { return input_size_ + h_; }
  // Initial RNN states computed from static inputs (one per layer, or one shared).
  int64_t n_static_states() const { return one_rnn_initial_state_ ? 1 : n_rnn_layers_; }
};

}  // namespace gradaudit::tft
