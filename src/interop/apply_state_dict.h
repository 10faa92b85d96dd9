// Loading NeuralForecast weights into our modules, every name and shape
// checked both ways.
#pragma once

#include <torch/nn/module.h>

#include <string>
#include <vector>

#include "interop/tensor_dict.h"

namespace gradaudit::interop {

// Copies every entry of `state` into the parameter or buffer of `model` with
// that name, without recording gradients. Skipped, each with a note returned:
// the one documented deviation (static_encoder.vsn.joint_grn.lin_c.weight,
// not built here, docs/tft.md) and NeuralForecast's non-network state (the
// `loss.`, `valid_loss.` and `scaler.` entries, e.g. MQLoss's quantiles).
// Anything else missing, extra, mis-shaped or not floating point is an
// InputError naming `source`, the parameter and both shapes; the model is
// left unchanged then.
std::vector<std::string> apply_state_dict(torch::nn::Module& model, const StateDict& state, const std::string& source);

}  // namespace gradaudit::interop
