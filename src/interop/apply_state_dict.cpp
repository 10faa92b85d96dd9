#include "interop/apply_state_dict.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include <map>

#include "common/input_error.h"

namespace gradaudit::interop {
namespace {

// NeuralForecast builds this and never uses it; we do not build it (docs/tft.md).
const char kNotBuiltOnPurpose[] = "static_encoder.vsn.joint_grn.lin_c.weight";
// Submodules of a NeuralForecast model that are not part of the network.
const char* const kNonNetworkPrefixes[] = {"loss.", "valid_loss.", "scaler."};

std::string shape_text(const at::Tensor& t) { return fmt::format("[{}]", fmt::join(t.sizes(), ", ")); }

bool is_non_network(const std::string& name) {
  for (const char* prefix : kNonNetworkPrefixes)
    if (name.rfind(prefix, 0) == 0) return true;
  return false;
}

// "first (and N more)", so the one-line error still says how much is wrong.
std::string first_of(const std::vector<std::string>& problems) {
  if (problems.size() == 1) return problems[0];
  return fmt::format("{} (and {} more)", problems[0], problems.size() - 1);
}

}  // namespace

std::vector<std::string> apply_state_dict(torch::nn::Module& model, const StateDict& state, const std::string& source) {
  std::map<std::string, at::Tensor> targets;
  std::vector<std::string> registration_order;  // errors name parameters as the model lists them
  for (const auto& p : model.named_parameters(true)) {
    targets.emplace(p.key(), p.value());
    registration_order.push_back(p.key());
  }
  for (const auto& b : model.named_buffers(true)) {
    targets.emplace(b.key(), b.value());
    registration_order.push_back(b.key());
  }

  std::vector<std::string> notes, extra, missing;
  std::vector<std::pair<at::Tensor, at::Tensor>> copies;  // (target, value), applied only when all is well
  for (const auto& entry : state) {
    const std::string& name = entry.key();
    const at::Tensor& value = entry.value();
    auto target = targets.find(name);
    if (target == targets.end()) {
      if (name == kNotBuiltOnPurpose)
        notes.push_back(name + " " + shape_text(value) + " skipped: NeuralForecast builds it but never uses it (docs/tft.md)");
      else if (is_non_network(name))
        notes.push_back(name + " " + shape_text(value) + " skipped: NeuralForecast's loss or scaler state, not the network's");
      else
        extra.push_back(name + " " + shape_text(value));
      continue;
    }
    if (!value.sizes().equals(target->second.sizes()))
      throw InputError(fmt::format("{}: {}: shape {} in the file, the model expects {}", source, name, shape_text(value),
                                   shape_text(target->second)));
    if (!value.is_floating_point())
      throw InputError(fmt::format("{}: {}: dtype {} in the file, expected floating point", source, name,
                                   c10::toString(value.scalar_type())));
    copies.emplace_back(target->second, value);
  }
  for (const auto& name : registration_order)
    if (!state.contains(name)) missing.push_back(name + " " + shape_text(targets.at(name)));
  if (!missing.empty()) throw InputError(source + ": missing parameter " + first_of(missing));
  if (!extra.empty())
    throw InputError(source + ": unexpected parameter " + first_of(extra) + ", not in the model the options describe");

  torch::NoGradGuard no_grad;
  for (auto& [target, value] : copies) target.copy_(value);
  return notes;
}

}  // namespace gradaudit::interop
