// Named tensors in file order: a state dict, a batch, a forward's outputs.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/ordered_dict.h>

#include <string>

#include "interop/pickle_value.h"

namespace gradaudit::interop {

using TensorDict = torch::OrderedDict<std::string, at::Tensor>;
// Parameter and buffer names as `Module.state_dict()` writes them.
using StateDict = TensorDict;

// A dict of tensors saved with torch.save (e.g. a batch of windows). Throws
// InputError naming the file and the first entry that is not a string key
// with a tensor value.
TensorDict read_tensor_dict(const std::string& path);

// The weights of a model: a state dict saved with
// torch.save(model.state_dict(), path), or the `state_dict` entry of a
// Lightning/NeuralForecast checkpoint (.ckpt). NeuralForecast's models are the
// LightningModule themselves, so the names carry no prefix and none is
// stripped. Also reads a .safetensors file.
StateDict read_state_dict(const std::string& path);
// The same from a file already read with read_torch_file.
StateDict state_dict_from(const PickleValue& file_object, const std::string& path);

// Writes the tensors as a dict that Python's torch.load reads (a torch.save
// zip archive, loadable with weights_only=True); undefined tensors are left
// out; atomically. Throws InputError when the file cannot be written.
void write_tensor_dict(const std::string& path, const TensorDict& tensors);

}  // namespace gradaudit::interop
