#include "interop/nf_weights.h"

#include "interop/hyperparameters.h"
#include "interop/safetensors.h"
#include "interop/torch_file.h"

namespace gradaudit::interop {

NeuralForecastWeights read_neuralforecast_weights(const std::string& path) {
  if (is_safetensors_file(path)) return {read_safetensors(path), std::nullopt};
  const PickleValue file_object = read_torch_file(path);
  return {state_dict_from(file_object, path), hyperparameters_from(file_object, path)};
}

}  // namespace gradaudit::interop
