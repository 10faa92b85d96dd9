// The Temporal Fusion Transformer (Lim et al., 2021) as NeuralForecast builds
// it: same submodules, same parameter names and shapes, so its weights load.
//
// Every part is built only for the data schema that uses it: no static
// encoder, and no static/historic embeddings, for data without those inputs.
// A model therefore gives every trainable parameter a gradient in every step,
// which DistributedDataParallel requires.
#pragma once

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include "tft/batch.h"
#include "tft/embedding.h"
#include "tft/fusion_decoder.h"
#include "tft/options.h"
#include "tft/static_encoder.h"
#include "tft/temporal_encoder.h"

namespace gradaudit::tft {

class TFTImpl : public torch::nn::Cloneable<TFTImpl> {
 public:
  // Validates the options first (InputError names the bad key).
  explicit TFTImpl(TFTOptions options);
  void reset() override;
  TFTOutputs forward(const TFTInputs& inputs);

  const TFTOptions& options() const { return options_; }

  TFTEmbedding embedding{nullptr};
  StaticCovariateEncoder static_encoder{nullptr};  // only with static variables
  TemporalCovariateEncoder temporal_encoder{nullptr};
  TemporalFusionDecoder temporal_fusion_decoder{nullptr};
  torch::nn::Linear output_adapter{nullptr};

 private:
  TFTOptions options_;
};

TORCH_MODULE(TFT);

}  // namespace gradaudit::tft
