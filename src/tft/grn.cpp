#include "tft/grn.h"

#include <c10/util/Exception.h>

namespace gradaudit::tft {

GRNImpl::GRNImpl(GRNOptions options_) : options(std::move(options_)) { reset(); }

void GRNImpl::reset() {
  const int64_t hidden = options.hidden_size();
  const int64_t output = options.output_size() > 0 ? options.output_size() : hidden;
  // Deviation from NeuralForecast: with the GLU activation its lin_a keeps the
  // hidden width, GLU halves it and lin_i fails on the shape. Doubling lin_a's
  // output makes the option usable (docs/tft.md, "Deviations").
  const int64_t lin_a_width = halves_features(options.activation()) ? 2 * hidden : hidden;

  layer_norm = register_module("layer_norm", MaybeLayerNorm(options.output_size(), hidden, 1e-3));
  lin_a = register_module("lin_a", torch::nn::Linear(options.input_size(), lin_a_width));
  if (options.context_size() > 0) {
    lin_c = register_module(
        "lin_c", torch::nn::Linear(torch::nn::LinearOptions(options.context_size(), lin_a_width).bias(false)));
  }
  lin_i = register_module("lin_i", torch::nn::Linear(hidden, hidden));
  glu = register_module("glu", GLU(hidden, output));
  dropout = register_module("dropout", torch::nn::Dropout(options.dropout()));
  if (options.output_size() > 0) {
    out_proj = register_module("out_proj", torch::nn::Linear(options.input_size(), output));
  }
}

at::Tensor GRNImpl::forward(const at::Tensor& a, const c10::optional<at::Tensor>& context) {
  at::Tensor x = lin_a(a);
  if (context.has_value()) {
    TORCH_CHECK(lin_c, "GRN: a context was passed to a GRN built without context_size");
    x = x + lin_c(*context).unsqueeze(1);
  }
  x = apply_activation(options.activation(), x);
  x = lin_i(x);
  x = dropout(x);
  x = glu(x);
  const at::Tensor skip = out_proj ? out_proj(a) : a;
  return layer_norm(x + skip);
}

}  // namespace gradaudit::tft
