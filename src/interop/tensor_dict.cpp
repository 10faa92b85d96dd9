#include "interop/tensor_dict.h"

#include <ATen/core/ivalue.h>
#include <torch/serialize.h>

#include <fstream>

#include "common/input_error.h"
#include "interop/safetensors.h"
#include "interop/torch_file.h"

namespace gradaudit::interop {
namespace {

using Kind = PickleValue::Kind;

TensorDict to_tensor_dict(const PickleValue& dict, const std::string& path, const std::string& what) {
  if (!dict.is_mapping()) throw InputError(path + ": holds " + dict.describe() + ", expected " + what);
  TensorDict tensors;
  for (const auto& [key, value] : *dict.entries) {
    if (key.kind != Kind::kString) throw InputError(path + ": a key is " + key.describe() + ", expected names");
    if (value.kind != Kind::kTensor)
      throw InputError(path + ": " + key.text + ": is " + value.describe() + ", expected a tensor");
    if (tensors.contains(key.text)) throw InputError(path + ": " + key.text + ": appears twice");
    tensors.insert(key.text, value.tensor);
  }
  return tensors;
}

}  // namespace

TensorDict read_tensor_dict(const std::string& path) {
  if (is_safetensors_file(path)) return read_safetensors(path);
  return to_tensor_dict(read_torch_file(path), path, "a dict of tensors");
}

StateDict read_state_dict(const std::string& path) {
  if (is_safetensors_file(path)) return read_safetensors(path);
  return state_dict_from(read_torch_file(path), path);
}

StateDict state_dict_from(const PickleValue& top, const std::string& path) {
  // A Lightning checkpoint: the weights are one entry among the trainer's state.
  if (top.is_mapping()) {
    if (const PickleValue* nested = top.find("state_dict"))
      return to_tensor_dict(*nested, path + " (state_dict)", "a state dict (names to tensors)");
  }
  return to_tensor_dict(top, path, "a state dict (names to tensors) or a checkpoint with a state_dict entry");
}

void write_tensor_dict(const std::string& path, const TensorDict& tensors) {
  // LibTorch's pickle_save writes the zip archive torch.load reads (checked
  // with python3-torch 1.13 in tests/interop_round_trip_test.cpp).
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& item : tensors)
    if (item.value().defined()) dict.insert(item.key(), item.value().detach().cpu().contiguous());
  const std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw InputError(path + ": cannot write the file");
}

}  // namespace gradaudit::interop
