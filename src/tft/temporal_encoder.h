// TemporalCovariateEncoder: variable selection over past and future inputs,
// an RNN encoder over the past whose final state starts an RNN over the future,
// and a gated skip connection around both.
#pragma once

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/modules/rnn.h>
#include <torch/nn/pimpl.h>

#include "tft/glu.h"
#include "tft/options.h"
#include "tft/static_encoder.h"
#include "tft/variable_selection.h"

namespace gradaudit::tft {

struct EncodedSequence {
  at::Tensor features;         // [B, L+h, H]
  at::Tensor history_weights;  // [B, L, n_historic]
  at::Tensor future_weights;   // [B, h, n_future]
};

class TemporalCovariateEncoderImpl : public torch::nn::Cloneable<TemporalCovariateEncoderImpl> {
 public:
  explicit TemporalCovariateEncoderImpl(const TFTOptions& options);
  void reset() override;
  // historical: [B, L, n_historic, H]; future: [B, h, n_future, H]
  EncodedSequence forward(const at::Tensor& historical, const at::Tensor& future, const StaticContext& context);

  VariableSelectionNetwork history_vsn{nullptr};
  // Exactly one pair of encoders exists, chosen by rnn_type.
  torch::nn::LSTM history_encoder_lstm{nullptr}, future_encoder_lstm{nullptr};
  torch::nn::GRU history_encoder_gru{nullptr}, future_encoder_gru{nullptr};
  VariableSelectionNetwork future_vsn{nullptr};
  GLU input_gate{nullptr};
  torch::nn::LayerNorm input_gate_ln{nullptr};

 private:
  TFTOptions options_;
};

TORCH_MODULE(TemporalCovariateEncoder);

}  // namespace gradaudit::tft
