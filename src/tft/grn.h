// GRN: the gated residual network, TFT's basic block.
//
//   out = LayerNorm(skip(a) + GLU(dropout(lin_i(act(lin_a(a) + lin_c(c))))))
//
// lin_c exists only when the GRN is built to take a context, and out_proj only
// when the output width differs from the input (the skip needs projecting).
#pragma once

#include <c10/util/Optional.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

#include "tft/activation.h"
#include "tft/glu.h"
#include "tft/maybe_layer_norm.h"

namespace gradaudit::tft {

struct GRNOptions {
  GRNOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  TORCH_ARG(int64_t, input_size);
  TORCH_ARG(int64_t, hidden_size);
  // 0: as wide as hidden_size, with an identity skip connection.
  TORCH_ARG(int64_t, output_size) = 0;
  // 0: no context input (and no lin_c).
  TORCH_ARG(int64_t, context_size) = 0;
  TORCH_ARG(double, dropout) = 0.0;
  TORCH_ARG(Activation, activation) = Activation::kELU;
};

class GRNImpl : public torch::nn::Cloneable<GRNImpl> {
 public:
  explicit GRNImpl(GRNOptions options);
  void reset() override;
  // a: [..., input_size]; context: [B, context_size], broadcast over time.
  at::Tensor forward(const at::Tensor& a, const c10::optional<at::Tensor>& context = c10::nullopt);

  GRNOptions options;
  MaybeLayerNorm layer_norm{nullptr};
  torch::nn::Linear lin_a{nullptr};
  torch::nn::Linear lin_c{nullptr};
  torch::nn::Linear lin_i{nullptr};
  GLU glu{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear out_proj{nullptr};
};

TORCH_MODULE(GRN);

}  // namespace gradaudit::tft
