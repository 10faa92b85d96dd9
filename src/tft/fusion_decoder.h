// TemporalFusionDecoder: static enrichment, causal self-attention over the
// whole window and a position-wise GRN, each behind a gated skip connection;
// only the forecast steps leave it.
#pragma once

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include "tft/attention.h"
#include "tft/glu.h"
#include "tft/grn.h"
#include "tft/options.h"

namespace gradaudit::tft {

struct DecodedSequence {
  at::Tensor features;           // [B, h, H]
  at::Tensor attention_weights;  // [B, n_head, L+h, L+h]
};

class TemporalFusionDecoderImpl : public torch::nn::Cloneable<TemporalFusionDecoderImpl> {
 public:
  explicit TemporalFusionDecoderImpl(const TFTOptions& options);
  void reset() override;
  // temporal_features: [B, L+h, H]; enrichment_context: [B, H]
  DecodedSequence forward(const at::Tensor& temporal_features, const at::Tensor& enrichment_context);

  GRN enrichment_grn{nullptr};
  InterpretableMultiHeadAttention attention{nullptr};
  GLU attention_gate{nullptr};
  torch::nn::LayerNorm attention_ln{nullptr};
  GRN positionwise_grn{nullptr};
  GLU decoder_gate{nullptr};
  torch::nn::LayerNorm decoder_ln{nullptr};

 private:
  TFTOptions options_;
};

TORCH_MODULE(TemporalFusionDecoder);

}  // namespace gradaudit::tft
