// VariableSelectionNetwork: weighs n embedded variables with a softmax computed
// by a joint GRN over all of them, after passing each through its own GRN.
#pragma once

#include <c10/util/Optional.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

#include "tft/activation.h"
#include "tft/grn.h"

namespace gradaudit::tft {

struct SelectedVariables {
  at::Tensor features;  // [..., H]
  at::Tensor weights;   // [..., n], sums to 1 over the variables
};

class VariableSelectionNetworkImpl : public torch::nn::Cloneable<VariableSelectionNetworkImpl> {
 public:
  // takes_context: whether forward() is given a static context. NeuralForecast
  // builds the context projection even for the static VSN, which never gets a
  // context, leaving a parameter without gradient (docs/tft.md, "Deviations").
  VariableSelectionNetworkImpl(int64_t hidden_size, int64_t num_inputs, double dropout,
                               Activation activation, bool takes_context);
  void reset() override;
  // x: [..., n, H]; context: [B, H].
  SelectedVariables forward(const at::Tensor& x, const c10::optional<at::Tensor>& context = c10::nullopt);

  // The per-variable GRNs on x: [..., n, H] -> [..., H, n].
  at::Tensor transform_variables(const at::Tensor& x);

  GRN joint_grn{nullptr};
  torch::nn::ModuleList var_grns{nullptr};

 private:
  int64_t hidden_size_, num_inputs_;
  double dropout_;
  Activation activation_;
  bool takes_context_;
};

TORCH_MODULE(VariableSelectionNetwork);

}  // namespace gradaudit::tft
