#include "tft/activation.h"

#include <torch/nn/functional/activation.h>

#include <array>
#include <stdexcept>
#include <utility>

#include "common/input_error.h"

namespace gradaudit::tft {
namespace {

constexpr std::array<std::pair<const char*, Activation>, 9> kNames{{
    {"ReLU", Activation::kReLU},
    {"Softplus", Activation::kSoftplus},
    {"Tanh", Activation::kTanh},
    {"SELU", Activation::kSELU},
    {"LeakyReLU", Activation::kLeakyReLU},
    {"Sigmoid", Activation::kSigmoid},
    {"ELU", Activation::kELU},
    {"GLU", Activation::kGLU},
    {"GELU", Activation::kGELU},
}};

}  // namespace

Activation parse_activation(const std::string& name) {
  for (const auto& [spelling, activation] : kNames)
    if (name == spelling) return activation;
  std::string accepted;
  for (const auto& entry : kNames) accepted += (accepted.empty() ? "" : ", ") + std::string(entry.first);
  throw InputError("grn_activation: expected one of " + accepted + ", got '" + name + "'");
}

const char* activation_name(Activation activation) {
  for (const auto& [spelling, value] : kNames)
    if (value == activation) return spelling;
  return "?";
}

at::Tensor apply_activation(Activation activation, const at::Tensor& x) {
  namespace F = torch::nn::functional;
  switch (activation) {
    case Activation::kReLU: return torch::relu(x);
    case Activation::kSoftplus: return F::softplus(x);
    case Activation::kTanh: return torch::tanh(x);
    case Activation::kSELU: return torch::selu(x);
    case Activation::kLeakyReLU: return F::leaky_relu(x);
    case Activation::kSigmoid: return torch::sigmoid(x);
    case Activation::kELU: return F::elu(x);
    case Activation::kGLU: return F::glu(x, F::GLUFuncOptions(-1));
    case Activation::kGELU: return F::gelu(x);
  }
  throw std::logic_error("unhandled activation");
}

}  // namespace gradaudit::tft
