#include "tft/fusion_decoder.h"

#include <ATen/ATen.h>

namespace gradaudit::tft {

TemporalFusionDecoderImpl::TemporalFusionDecoderImpl(const TFTOptions& options) : options_(options) { reset(); }

void TemporalFusionDecoderImpl::reset() {
  const int64_t hidden = options_.hidden_size();
  const auto layer_norm = torch::nn::LayerNormOptions({hidden}).eps(1e-3);
  enrichment_grn = register_module("enrichment_grn", GRN(GRNOptions(hidden, hidden)
                                                             .context_size(hidden)
                                                             .dropout(options_.dropout())
                                                             .activation(options_.grn_activation())));
  attention = register_module("attention",
                              InterpretableMultiHeadAttention(options_.n_head(), hidden, options_.example_length(),
                                                              options_.attn_dropout(), options_.dropout()));
  attention_gate = register_module("attention_gate", GLU(hidden, hidden));
  attention_ln = register_module("attention_ln", torch::nn::LayerNorm(layer_norm));
  positionwise_grn = register_module(
      "positionwise_grn",
      GRN(GRNOptions(hidden, hidden).dropout(options_.dropout()).activation(options_.grn_activation())));
  decoder_gate = register_module("decoder_gate", GLU(hidden, hidden));
  decoder_ln = register_module("decoder_ln", torch::nn::LayerNorm(layer_norm));
}

DecodedSequence TemporalFusionDecoderImpl::forward(const at::Tensor& temporal_features,
                                                   const at::Tensor& enrichment_context) {
  const at::Tensor enriched = enrichment_grn(temporal_features, enrichment_context);
  AttentionOutput attended = attention(enriched, /*mask_future_timesteps=*/true);

  // Only the forecast steps go on: no quantiles are computed for the past.
  const int64_t past = options_.input_size();
  const at::Tensor attended_future = attended.output.slice(1, past);
  const at::Tensor enriched_future = enriched.slice(1, past);
  const at::Tensor temporal_future = temporal_features.slice(1, past);

  at::Tensor x = attention_ln(attention_gate(attended_future) + enriched_future);
  x = positionwise_grn(x);
  x = decoder_ln(decoder_gate(x) + temporal_future);
  return {x, attended.weights};
}

}  // namespace gradaudit::tft
