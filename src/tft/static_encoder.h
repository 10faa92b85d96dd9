// StaticCovariateEncoder: turns the static variables into the four contexts
// that condition the rest of the network.
#pragma once

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include "tft/options.h"
#include "tft/variable_selection.h"

namespace gradaudit::tft {

struct StaticContext {
  at::Tensor selection;   // cs [B, H]: conditions the temporal variable selection
  at::Tensor enrichment;  // ce [B, H]: conditions the static enrichment GRN
  at::Tensor state_h;     // ch [n_rnn_layers, B, H]: initial RNN hidden state
  at::Tensor state_c;     // cc [n_rnn_layers, B, H]: initial LSTM cell state (= ch for GRU)
  at::Tensor weights;     // [B, S] static variable-selection weights; undefined without statics
};

// The context a model without static variables runs with: all zeros.
StaticContext zero_static_context(int64_t batch_size, const TFTOptions& options,
                                  const at::TensorOptions& tensor_options);

class StaticCovariateEncoderImpl : public torch::nn::Cloneable<StaticCovariateEncoderImpl> {
 public:
  StaticCovariateEncoderImpl(const TFTOptions& options, int64_t num_static_vars);
  void reset() override;
  // x: [B, S, H]
  StaticContext forward(const at::Tensor& x);

  VariableSelectionNetwork vsn{nullptr};
  // cs, ce, then n_states initial hidden states (and as many cell states for LSTM).
  torch::nn::ModuleList context_grns{nullptr};

 private:
  at::Tensor initial_states(const at::Tensor& variable_ctx, int64_t first_grn);

  TFTOptions options_;
  int64_t num_static_vars_;
};

TORCH_MODULE(StaticCovariateEncoder);

}  // namespace gradaudit::tft
