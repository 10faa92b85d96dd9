#include "tft/maybe_layer_norm.h"

#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

namespace gradaudit::tft {

MaybeLayerNormImpl::MaybeLayerNormImpl(int64_t output_size, int64_t hidden_size, double eps)
    : width_(output_size > 0 ? output_size : hidden_size), eps_(eps) {
  reset();
}

void MaybeLayerNormImpl::reset() {
  if (width_ == 1) {
    ln_ = torch::nn::AnyModule(torch::nn::Identity());
  } else {
    ln_ = torch::nn::AnyModule(
        torch::nn::LayerNorm(torch::nn::LayerNormOptions({width_}).eps(eps_)));
  }
  // Registered under "ln" either way, so state dicts match NeuralForecast's.
  register_module("ln", ln_.ptr());
}

at::Tensor MaybeLayerNormImpl::forward(const at::Tensor& x) { return ln_.forward(x); }

}  // namespace gradaudit::tft
