// What `tft import-nf` reads: the weights, and the hyperparameters when the
// file is a NeuralForecast/Lightning checkpoint, from one read of the file
// (checkpoints also hold optimizer state and can be large).
#pragma once

#include <optional>
#include <string>

#include "config/configuration.h"
#include "interop/tensor_dict.h"

namespace gradaudit::interop {

struct NeuralForecastWeights {
  StateDict state;
  // From a checkpoint's hyper_parameters (see read_hyperparameters); nullopt
  // for a plain state dict or a safetensors file: the flags describe the model.
  std::optional<config::Configuration> hyperparameters;
};

// Throws InputError as read_state_dict and read_hyperparameters do.
NeuralForecastWeights read_neuralforecast_weights(const std::string& path);

}  // namespace gradaudit::interop
