// MaybeLayerNorm: a LayerNorm, or the identity when the output is one value wide
// (normalising a single value would always give zero).
#pragma once

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

namespace gradaudit::tft {

class MaybeLayerNormImpl : public torch::nn::Cloneable<MaybeLayerNormImpl> {
 public:
  // output_size == 0 means "as wide as the hidden layer".
  MaybeLayerNormImpl(int64_t output_size, int64_t hidden_size, double eps);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);

 private:
  int64_t width_;
  double eps_;
  torch::nn::AnyModule ln_;
};

TORCH_MODULE(MaybeLayerNorm);

}  // namespace gradaudit::tft
