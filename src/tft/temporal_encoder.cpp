#include "tft/temporal_encoder.h"

#include <ATen/ATen.h>

#include <tuple>

namespace gradaudit::tft {

TemporalCovariateEncoderImpl::TemporalCovariateEncoderImpl(const TFTOptions& options) : options_(options) {
  reset();
}

void TemporalCovariateEncoderImpl::reset() {
  const int64_t hidden = options_.hidden_size();
  const auto activation = options_.grn_activation();
  history_vsn = register_module(
      "history_vsn", VariableSelectionNetwork(hidden, options_.historic_input_size(), options_.dropout(),
                                              activation, /*takes_context=*/true));
  // Both RNN kinds register under the same names, so parameter names do not
  // depend on rnn_type.
  if (options_.rnn_type() == RnnType::kLstm) {
    const auto rnn = torch::nn::LSTMOptions(hidden, hidden).batch_first(true).num_layers(options_.n_rnn_layers());
    history_encoder_lstm = register_module("history_encoder", torch::nn::LSTM(rnn));
    future_encoder_lstm = register_module("future_encoder", torch::nn::LSTM(rnn));
  } else {
    const auto rnn = torch::nn::GRUOptions(hidden, hidden).batch_first(true).num_layers(options_.n_rnn_layers());
    history_encoder_gru = register_module("history_encoder", torch::nn::GRU(rnn));
    future_encoder_gru = register_module("future_encoder", torch::nn::GRU(rnn));
  }
  future_vsn = register_module(
      "future_vsn", VariableSelectionNetwork(hidden, options_.future_input_size(), options_.dropout(), activation,
                                             /*takes_context=*/true));
  input_gate = register_module("input_gate", GLU(hidden, hidden));
  input_gate_ln = register_module("input_gate_ln",
                                  torch::nn::LayerNorm(torch::nn::LayerNormOptions({hidden}).eps(1e-3)));
}

EncodedSequence TemporalCovariateEncoderImpl::forward(const at::Tensor& historical, const at::Tensor& future,
                                                      const StaticContext& context) {
  // Same order as NeuralForecast, so dropout draws the same random numbers.
  const SelectedVariables past = history_vsn(historical, context.selection);
  at::Tensor history, future_out;
  SelectedVariables next;
  if (options_.rnn_type() == RnnType::kLstm) {
    auto [history_seq, state] = history_encoder_lstm(past.features, std::make_tuple(context.state_h, context.state_c));
    history = history_seq;
    next = future_vsn(future, context.selection);
    future_out = std::get<0>(future_encoder_lstm(next.features, state));
  } else {
    auto [history_seq, state] = history_encoder_gru(past.features, context.state_h);
    history = history_seq;
    next = future_vsn(future, context.selection);
    future_out = std::get<0>(future_encoder_gru(next.features, state));
  }

  const at::Tensor input_embedding = at::cat({past.features, next.features}, 1);
  const at::Tensor gated = input_gate(at::cat({history, future_out}, 1)) + input_embedding;
  return {input_gate_ln(gated), past.weights, next.weights};
}

}  // namespace gradaudit::tft
