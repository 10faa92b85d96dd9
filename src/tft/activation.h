// The activations a GRN may use (NeuralForecast's grn_activation, plus GELU).
#pragma once

#include <string>

namespace at {
class Tensor;
}

namespace gradaudit::tft {

enum class Activation { kReLU, kSoftplus, kTanh, kSELU, kLeakyReLU, kSigmoid, kELU, kGLU, kGELU };

// Parses NeuralForecast's spelling ("ELU", "LeakyReLU", ...); throws
// InputError listing the accepted names. NeuralForecast silently
// falls back to ELU for an unknown name, which hides typos.
Activation parse_activation(const std::string& name);
const char* activation_name(Activation activation);

// GLU halves the feature dimension; a GRN doubles its first projection for it.
inline bool halves_features(Activation activation) { return activation == Activation::kGLU; }

at::Tensor apply_activation(Activation activation, const at::Tensor& x);

}  // namespace gradaudit::tft
