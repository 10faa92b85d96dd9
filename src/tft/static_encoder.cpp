#include "tft/static_encoder.h"

#include <ATen/ATen.h>

#include <vector>

namespace gradaudit::tft {

StaticContext zero_static_context(int64_t batch_size, const TFTOptions& options,
                                  const at::TensorOptions& tensor_options) {
  const int64_t hidden = options.hidden_size();
  StaticContext context;
  context.selection = at::zeros({batch_size, hidden}, tensor_options);
  context.enrichment = at::zeros({batch_size, hidden}, tensor_options);
  context.state_h = at::zeros({options.n_rnn_layers(), batch_size, hidden}, tensor_options);
  context.state_c = at::zeros({options.n_rnn_layers(), batch_size, hidden}, tensor_options);
  return context;
}

StaticCovariateEncoderImpl::StaticCovariateEncoderImpl(const TFTOptions& options, int64_t num_static_vars)
    : options_(options), num_static_vars_(num_static_vars) {
  reset();
}

void StaticCovariateEncoderImpl::reset() {
  const int64_t hidden = options_.hidden_size();
  vsn = register_module("vsn", VariableSelectionNetwork(hidden, num_static_vars_, options_.dropout(),
                                                        options_.grn_activation(), /*takes_context=*/false));
  const int64_t states_per_layer = options_.rnn_type() == RnnType::kLstm ? 2 : 1;
  const int64_t n_contexts = 2 + states_per_layer * options_.n_static_states();
  context_grns = register_module("context_grns", torch::nn::ModuleList());
  // The context GRNs use the default activation (ELU) whatever grn_activation
  // says, as in NeuralForecast.
  for (int64_t i = 0; i < n_contexts; ++i) {
    context_grns->push_back(GRN(GRNOptions(hidden, hidden).dropout(options_.dropout())));
  }
}

at::Tensor StaticCovariateEncoderImpl::initial_states(const at::Tensor& variable_ctx, int64_t first_grn) {
  const int64_t n_states = options_.n_static_states();
  std::vector<at::Tensor> states;
  states.reserve(options_.n_rnn_layers());
  for (int64_t i = 0; i < n_states; ++i) {
    states.push_back(context_grns->at<GRNImpl>(first_grn + i).forward(variable_ctx));
  }
  // One shared state initialises every layer.
  while (static_cast<int64_t>(states.size()) < options_.n_rnn_layers()) states.push_back(states.front());
  return at::stack(states, 0);
}

StaticContext StaticCovariateEncoderImpl::forward(const at::Tensor& x) {
  const SelectedVariables selected = vsn(x);
  StaticContext context;
  context.selection = context_grns->at<GRNImpl>(0).forward(selected.features);
  context.enrichment = context_grns->at<GRNImpl>(1).forward(selected.features);
  context.state_h = initial_states(selected.features, 2);
  context.state_c = options_.rnn_type() == RnnType::kLstm
                        ? initial_states(selected.features, 2 + options_.n_static_states())
                        : context.state_h;
  context.weights = selected.weights;
  return context;
}

}  // namespace gradaudit::tft
