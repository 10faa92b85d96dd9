#include "tft/variable_selection.h"

#include <ATen/ATen.h>

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

SelectedVariables VariableSelectionNetworkImpl::forward(const at::Tensor& x,
                                                        const c10::optional<at::Tensor>& context) {
  const at::Tensor weights = at::softmax(joint_grn(x.flatten(-2), context), -1);
  std::vector<at::Tensor> transformed;
  transformed.reserve(var_grns->size());
  for (size_t i = 0; i < var_grns->size(); ++i) {
    transformed.push_back(var_grns->at<GRNImpl>(i).forward(x.select(-2, static_cast<int64_t>(i))));
  }
  // [..., H, n] x [..., n, 1] -> [..., H]
  const at::Tensor features = at::matmul(at::stack(transformed, -1), weights.unsqueeze(-1)).squeeze(-1);
  return {features, weights};
}

}  // namespace gradaudit::tft
