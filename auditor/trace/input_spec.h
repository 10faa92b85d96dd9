// The input spec of a TorchScript model: the positional arguments of
// forward() (tensors by shape and dtype, None, Dict[str, Optional[Tensor]])
// and which outputs the loss sums. See torchscript.h for the format.
#pragma once

#include <ATen/core/ivalue.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/jit/api/module.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gradaudit::trace {

struct TensorSpec {
  std::vector<int64_t> shape;
  at::ScalarType dtype = at::kFloat;
};
struct ArgSpec {
  enum Kind { kTensor, kNone, kDict } kind = kTensor;
  TensorSpec tensor;
  std::vector<std::pair<std::string, std::optional<TensorSpec>>> dict;
};
struct InputSpec {
  std::vector<ArgSpec> args;
  std::vector<size_t> loss_outputs;  // empty: all
};

// Reads a JSON file; InputError naming the file (and `what` it should be).
nlohmann::json read_json(const std::string& path, const char* what);

// Parses and checks a spec file; InputError naming the file and key.
InputSpec parse_spec(const std::string& path);

// The spec must fit forward()'s signature: count, and kind per argument.
void check_signature(const torch::jit::Module& module, const InputSpec& spec, const std::string& spec_path);

// Synthetic arguments for batch `seed`: the same seed gives the same values.
std::vector<c10::IValue> make_inputs(const InputSpec& spec, uint64_t seed);

}  // namespace gradaudit::trace
