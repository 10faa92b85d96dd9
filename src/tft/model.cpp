#include "tft/model.h"

#include "tft/forward_steps.h"

namespace gradaudit::tft {

TFTImpl::TFTImpl(TFTOptions options) : options_(std::move(options)) {
  options_.validate();
  reset();
}

void TFTImpl::reset() {
  const int64_t hidden = options_.hidden_size();
  embedding = register_module("embedding", TFTEmbedding(hidden, options_.stat_exog_size(), options_.future_input_size(),
                                                        options_.hist_exog_size(), options_.tgt_size()));
  if (options_.stat_exog_size() > 0) {
    static_encoder =
        register_module("static_encoder", StaticCovariateEncoder(options_, options_.stat_exog_size()));
  }
  temporal_encoder = register_module("temporal_encoder", TemporalCovariateEncoder(options_));
  temporal_fusion_decoder = register_module("temporal_fusion_decoder", TemporalFusionDecoder(options_));
  output_adapter = register_module("output_adapter", torch::nn::Linear(hidden, options_.output_size()));
}

TFTOutputs TFTImpl::forward(const TFTInputs& inputs) {
  const EmbeddedInputs embedded = embed_inputs(*embedding, inputs, options_);
  const StaticContext context =
      static_encoder ? static_encoder->forward(embedded.stat)
                     : zero_static_context(inputs.insample_y.size(0), options_, inputs.insample_y.options());
  return encode_and_decode(*temporal_encoder, *temporal_fusion_decoder, *output_adapter, embedded, context, options_);
}

}  // namespace gradaudit::tft
