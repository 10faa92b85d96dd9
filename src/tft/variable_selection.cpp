#include "tft/variable_selection.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/linear.h>

#include <vector>

namespace gradaudit::tft {

VariableSelectionNetworkImpl::VariableSelectionNetworkImpl(int64_t hidden_size, int64_t num_inputs,
                                                           double dropout, Activation activation,
                                                           bool takes_context)
    : hidden_size_(hidden_size),
      num_inputs_(num_inputs),
      dropout_(dropout),
      activation_(activation),
      takes_context_(takes_context) {
  reset();
}

void VariableSelectionNetworkImpl::reset() {
  // The joint GRN runs without dropout, as in NeuralForecast.
  joint_grn = register_module(
      "joint_grn", GRN(GRNOptions(hidden_size_ * num_inputs_, hidden_size_)
                           .output_size(num_inputs_)
                           .context_size(takes_context_ ? hidden_size_ : 0)
                           .activation(activation_)));
  var_grns = register_module("var_grns", torch::nn::ModuleList());
  for (int64_t i = 0; i < num_inputs_; ++i) {
    var_grns->push_back(GRN(GRNOptions(hidden_size_, hidden_size_).dropout(dropout_).activation(activation_)));
  }
}

namespace {

// One of the per-variable GRNs' linear layers, for all variables at once:
// [n, N, in] -> [n, N, out] with the n weights stacked.
at::Tensor stacked_linear(const std::vector<torch::nn::Linear>& layers, const at::Tensor& x) {
  std::vector<at::Tensor> weights, biases;
  for (const auto& l : layers) {
    weights.push_back(l->weight.t());
    biases.push_back(l->bias);
  }
  return at::baddbmm(at::stack(biases).unsqueeze(1), x, at::stack(weights));
}

}  // namespace

at::Tensor VariableSelectionNetworkImpl::transform_variables(const at::Tensor& x) {
  // The n GRNs run as batched matrix products instead of n small ones
  // (NeuralForecast loops): the same arithmetic per variable, a fraction of
  // the kernel launches and autograd nodes. Parameters and names stay the
  // GRNs' own.
  const int64_t n = num_inputs_;
  const auto leading = x.sizes().slice(0, x.dim() - 2);
  const at::Tensor a = x.reshape({-1, n, hidden_size_}).transpose(0, 1);  // [n, N, H]
  std::vector<torch::nn::Linear> lin_a, lin_i, glu;
  std::vector<at::Tensor> ln_weight, ln_bias;
  for (size_t i = 0; i < var_grns->size(); ++i) {
    GRNImpl& g = var_grns->at<GRNImpl>(i);
    lin_a.push_back(g.lin_a);
    lin_i.push_back(g.lin_i);
    glu.push_back(g.glu->lin);
    for (const auto& p : g.layer_norm->named_parameters()) (p.key() == "ln.weight" ? ln_weight : ln_bias).push_back(p.value());
  }
  at::Tensor h = apply_activation(activation_, stacked_linear(lin_a, a));
  h = at::dropout(stacked_linear(lin_i, h), dropout_, is_training());
  h = at::glu(stacked_linear(glu, h), -1) + a;
  if (!ln_weight.empty()) {
    h = at::layer_norm(h, {hidden_size_}, {}, {}, 1e-3) * at::stack(ln_weight).unsqueeze(1) +
        at::stack(ln_bias).unsqueeze(1);
  }
  std::vector<int64_t> shape(leading.begin(), leading.end());
  shape.push_back(hidden_size_);
  shape.push_back(n);
  return h.permute({1, 2, 0}).reshape(shape);  // [..., H, n]
}

SelectedVariables VariableSelectionNetworkImpl::forward(const at::Tensor& x,
                                                        const c10::optional<at::Tensor>& context) {
  const at::Tensor weights = at::softmax(joint_grn(x.flatten(-2), context), -1);
  // [..., H, n] x [..., n, 1] -> [..., H]
  const at::Tensor features = at::matmul(transform_variables(x), weights.unsqueeze(-1)).squeeze(-1);
  return {features, weights};
}

}  // namespace gradaudit::tft
