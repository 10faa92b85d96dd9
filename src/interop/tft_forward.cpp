#include "interop/tft_forward.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <vector>

#include "common/input_error.h"

namespace gradaudit::interop {
namespace {

// One input kind: its key and its shape after the batch dimension.
struct Expected {
  const char* key;
  std::vector<int64_t> dims;
  const char* layout;  // "[B, L+h, F]"
};

std::string shape_text(c10::IntArrayRef sizes) { return fmt::format("[{}]", fmt::join(sizes, ", ")); }

std::string expected_text(const Expected& e) {
  std::vector<std::string> parts = {"B"};
  for (int64_t d : e.dims) parts.push_back(std::to_string(d));
  return fmt::format("[{}] {}", fmt::join(parts, ", "), e.layout);
}

}  // namespace

tft::TFTInputs batch_inputs(const TensorDict& batch, const tft::TFTOptions& o, const std::string& source) {
  const int64_t L = o.input_size(), h = o.h();
  // Every key NeuralForecast's windows use, and whether this model takes it.
  const std::vector<std::pair<Expected, bool>> kinds = {
      {{"insample_y", {L, o.tgt_size()}, "[B, L, tgt]"}, true},
      {{"futr_exog", {L + h, o.futr_exog_size()}, "[B, L+h, F]"}, o.futr_exog_size() > 0},
      {{"hist_exog", {L, o.hist_exog_size()}, "[B, L, X]"}, o.hist_exog_size() > 0},
      {{"stat_exog", {o.stat_exog_size()}, "[B, S]"}, o.stat_exog_size() > 0},
  };
  for (const auto& item : batch) {
    bool known = false;
    for (const auto& [e, used] : kinds) {
      if (item.key() != e.key) continue;
      known = true;
      if (!used)
        throw InputError(fmt::format("{}: {}: the model has no such inputs ({}_size=0); leave it out", source,
                                     item.key(), item.key()));
    }
    if (!known)
      throw InputError(fmt::format("{}: {}: unexpected entry (expected insample_y, futr_exog, hist_exog, stat_exog)",
                                   source, item.key()));
  }

  tft::TFTInputs in;
  int64_t batch_size = -1;
  for (const auto& [e, used] : kinds) {
    if (!used) continue;
    const at::Tensor* t = batch.find(e.key);
    if (!t) throw InputError(fmt::format("{}: {}: missing, expected {}", source, e.key, expected_text(e)));
    bool fits = t->dim() == static_cast<int64_t>(e.dims.size()) + 1;
    for (size_t d = 0; fits && d < e.dims.size(); ++d) fits = t->size(static_cast<int64_t>(d) + 1) == e.dims[d];
    if (fits && batch_size >= 0 && t->size(0) != batch_size) fits = false;
    if (!fits)
      throw InputError(fmt::format("{}: {}: shape {}, expected {}{}", source, e.key, shape_text(t->sizes()),
                                   expected_text(e),
                                   batch_size >= 0 ? fmt::format(" with B={} as insample_y", batch_size) : ""));
    if (!t->is_floating_point())
      throw InputError(fmt::format("{}: {}: dtype {}, expected floating point", source, e.key,
                                   c10::toString(t->scalar_type())));
    batch_size = t->size(0);
    const at::Tensor value = t->to(at::kFloat).contiguous();
    const std::string key = e.key;
    if (key == "insample_y") in.insample_y = value;
    if (key == "futr_exog") in.futr_exog = value;
    if (key == "hist_exog") in.hist_exog = value;
    if (key == "stat_exog") in.stat_exog = value;
  }
  return in;
}

TensorDict output_tensors(const tft::TFTOutputs& out) {
  TensorDict tensors;
  tensors.insert("y_hat", out.y_hat);
  if (out.static_weights.defined()) tensors.insert("static_weights", out.static_weights);
  tensors.insert("history_weights", out.history_weights);
  tensors.insert("future_weights", out.future_weights);
  tensors.insert("attention_weights", out.attention_weights);
  return tensors;
}

TensorDict run_forward(tft::TFT& model, const TensorDict& batch, const std::string& source) {
  tft::TFTInputs inputs = batch_inputs(batch, model->options(), source);
  // The batch comes from a file (CPU); the model may live on a GPU.
  const auto parameters = model->parameters();
  const at::Device device = parameters.empty() ? at::Device(at::kCPU) : parameters.front().device();
  inputs.insample_y = inputs.insample_y.to(device);
  for (auto* optional : {&inputs.futr_exog, &inputs.hist_exog, &inputs.stat_exog})
    if (*optional) *optional = (*optional)->to(device);
  model->eval();
  torch::NoGradGuard no_grad;
  return output_tensors(model->forward(inputs));
}

}  // namespace gradaudit::interop
