#include "interop/tensor_dict.h"

#include <ATen/core/ivalue.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/pickler.h>

#include <string>

#include "common/atomic_write.h"
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

namespace {

// The zip archive torch.save writes, holding a plain dict. Not
// torch::pickle_save: that tags the dict with its TorchScript type
// (torch.jit._pickle.restore_type_tag), a global torch.load refuses from 2.6
// on, where weights_only=True is the default.
std::string torch_save_archive(const c10::Dict<std::string, at::Tensor>& dict) {
  std::string pickle;
  torch::jit::Pickler pickler([&](const char* bytes, size_t size) { pickle.append(bytes, size); },
                              /*tensor_table=*/nullptr, /*type_renamer=*/nullptr, /*memoized_class_types=*/nullptr,
                              /*get_tensor_id=*/nullptr, /*tag_aggregates=*/false);
  pickler.protocol();
  pickler.pushIValue(c10::IValue(dict));
  pickler.stop();

  std::string archive;
  caffe2::serialize::PyTorchStreamWriter writer([&](const void* bytes, size_t size) {
    archive.append(static_cast<const char*>(bytes), size);
    return size;
  });
  writer.writeRecord("data.pkl", pickle.data(), pickle.size());
  // The pickler names storages by their position: record data/<i>.
  const auto& storages = pickler.tensorData();
  for (size_t i = 0; i < storages.size(); ++i) {
    const auto data = torch::jit::getWriteableTensorData(storages[i], /*to_cpu=*/true);
    writer.writeRecord("data/" + std::to_string(i), data.data(), data.sizeInBytes());
  }
  writer.writeEndOfFile();
  return archive;
}

}  // namespace

void write_tensor_dict(const std::string& path, const TensorDict& tensors) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& item : tensors)
    if (item.value().defined()) dict.insert(item.key(), item.value().detach().cpu().contiguous());
  write_output(path, torch_save_archive(dict));
}

}  // namespace gradaudit::interop
