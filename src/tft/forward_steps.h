// The steps of the TFT's forward pass, shared by the model and by the
// fixture variants that rebuild the original bugs around the same blocks.
#pragma once

#include <torch/nn/modules/linear.h>

#include "tft/batch.h"
#include "tft/embedding.h"
#include "tft/fusion_decoder.h"
#include "tft/options.h"
#include "tft/static_encoder.h"
#include "tft/temporal_encoder.h"

namespace gradaudit::tft {

// Checks the inputs against the options; throws c10::Error naming the tensor,
// its shape and the expected one.
void check_inputs(const TFTInputs& inputs, const TFTOptions& options);

// Embeds every input; without future variables the last observed target is
// repeated over the window and used as the one future input.
EmbeddedInputs embed_inputs(TFTEmbeddingImpl& embedding, const TFTInputs& inputs, const TFTOptions& options);

// Everything after the static context: variable selection, RNNs, attention,
// output adapter.
TFTOutputs encode_and_decode(TemporalCovariateEncoderImpl& encoder, TemporalFusionDecoderImpl& decoder,
                             torch::nn::LinearImpl& output_adapter, const EmbeddedInputs& embedded,
                             const StaticContext& context, const TFTOptions& options);

}  // namespace gradaudit::tft
