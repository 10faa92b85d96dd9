#include "trace/input_spec.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>

#include <fstream>
#include <map>

#include "common/input_error.h"

namespace gradaudit::trace {

using Json = nlohmann::json;

Json read_json(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open {} for reading", path, what));
  try {
    return Json::parse(in);
  } catch (const Json::parse_error& e) {
    // nlohmann's message already says "at line L, column C".
    const std::string msg = e.what();
    throw InputError(fmt::format("{}: not valid JSON: {}", path, msg.substr(msg.find(':') + 2)));
  } catch (const Json::exception& e) {
    // A number JSON allows but a double cannot hold: "[json.exception.out_of_range.406]
    // number overflow parsing '1e99999'" (found by fuzzing).
    const std::string msg = e.what();
    throw InputError(fmt::format("{}: not valid JSON: {}", path, msg.substr(msg.find("] ") + 2)));
  }
}

namespace {

at::ScalarType parse_dtype(const Json& j, const std::string& where, const std::string& path) {
  static const std::map<std::string, at::ScalarType> kTypes = {
      {"float32", at::kFloat}, {"float", at::kFloat},   {"float64", at::kDouble}, {"double", at::kDouble},
      {"float16", at::kHalf},  {"bfloat16", at::kBFloat16}, {"int64", at::kLong}, {"long", at::kLong},
      {"int32", at::kInt},     {"int", at::kInt},       {"bool", at::kBool}};
  if (!j.is_string() || !kTypes.count(j.get<std::string>())) {
    throw InputError(fmt::format("{}: {}.dtype: expected one of float32, float64, float16, bfloat16, int64, int32, "
                                 "bool, got {}",
                                 path, where, j.dump()));
  }
  return kTypes.at(j.get<std::string>());
}

TensorSpec parse_tensor(const Json& j, const std::string& where, const std::string& path) {
  if (!j.is_object() || !j.contains("shape"))
    throw InputError(fmt::format("{}: {}: expected {{\"shape\": [...], \"dtype\": \"float32\"}}", path, where));
  for (const auto& [key, value] : j.items())
    if (key != "shape" && key != "dtype")
      throw InputError(fmt::format("{}: {}.{}: unknown key (expected shape, dtype)", path, where, key));
  TensorSpec t;
  if (!j["shape"].is_array()) throw InputError(fmt::format("{}: {}.shape: expected a list of sizes", path, where));
  for (const auto& d : j["shape"]) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0)
      throw InputError(fmt::format("{}: {}.shape: expected sizes >= 0, got {}", path, where, d.dump()));
    t.shape.push_back(d.get<int64_t>());
  }
  if (j.contains("dtype")) t.dtype = parse_dtype(j["dtype"], where, path);
  return t;
}

}  // namespace

InputSpec parse_spec(const std::string& path) {
  const Json root = read_json(path, "input spec");
  InputSpec spec;
  Json args = root;
  if (root.is_object()) {
    for (const auto& [key, value] : root.items())
      if (key != "inputs" && key != "loss_outputs")
        throw InputError(fmt::format("{}: {}: unknown key (expected inputs, loss_outputs)", path, key));
    if (!root.contains("inputs")) throw InputError(path + ": inputs: missing (the list of forward() arguments)");
    args = root["inputs"];
    if (root.contains("loss_outputs")) {
      for (const auto& i : root["loss_outputs"]) {
        if (!i.is_number_unsigned()) throw InputError(path + ": loss_outputs: expected output indices >= 0");
        spec.loss_outputs.push_back(i.get<size_t>());
      }
    }
  }
  if (!args.is_array()) throw InputError(path + ": expected a list of forward() arguments, or {\"inputs\": [...]}");
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string where = fmt::format("inputs[{}]", i);
    const Json& a = args[i];
    ArgSpec arg;
    if (a.is_null()) {
      arg.kind = ArgSpec::kNone;
    } else if (a.is_object() && a.contains("dict")) {
      arg.kind = ArgSpec::kDict;
      if (!a["dict"].is_object()) throw InputError(fmt::format("{}: {}.dict: expected an object", path, where));
      for (const auto& [key, value] : a["dict"].items()) {
        arg.dict.emplace_back(key, value.is_null() ? std::nullopt
                                                   : std::optional<TensorSpec>(parse_tensor(value, where + ".dict." + key, path)));
      }
    } else {
      arg.tensor = parse_tensor(a, where, path);
    }
    spec.args.push_back(std::move(arg));
  }
  return spec;
}

namespace {

bool accepts_tensor(const c10::TypePtr& type) {
  if (type->kind() == c10::TypeKind::TensorType) return true;
  if (auto opt = type->cast<c10::OptionalType>()) return opt->getElementType()->kind() == c10::TypeKind::TensorType;
  return false;
}

}  // namespace

// The spec must fit forward()'s signature: count, and kind per argument.
void check_signature(const torch::jit::Module& module, const InputSpec& spec, const std::string& spec_path) {
  const auto& schema = module.get_method("forward").function().getSchema();
  const auto& arguments = schema.arguments();  // [0] is self
  size_t required = 0;
  for (size_t i = 1; i < arguments.size(); ++i)
    if (!arguments[i].default_value()) required = i;
  const size_t given = spec.args.size();
  if (given < required || given > arguments.size() - 1) {
    throw InputError(fmt::format("{}: forward() takes {} argument(s){}, the spec gives {}", spec_path,
                                 arguments.size() - 1,
                                 required < arguments.size() - 1 ? fmt::format(" ({} required)", required) : "", given));
  }
  for (size_t i = 0; i < given; ++i) {
    const auto& arg = arguments[i + 1];
    const auto& type = arg.type();
    const std::string where = fmt::format("{}: inputs[{}]: argument '{}' of forward() is {}", spec_path, i, arg.name(),
                                          type->annotation_str());
    switch (spec.args[i].kind) {
      case ArgSpec::kTensor:
        if (!accepts_tensor(type)) throw InputError(where + ", the spec gives a tensor");
        break;
      case ArgSpec::kNone:
        if (type->kind() != c10::TypeKind::OptionalType) throw InputError(where + ", the spec gives null");
        break;
      case ArgSpec::kDict: {
        auto dict = type->cast<c10::DictType>();
        if (!dict || dict->getKeyType()->kind() != c10::TypeKind::StringType || !accepts_tensor(dict->getValueType()))
          throw InputError(where + ", the spec gives a dict");
        const bool optional_values = dict->getValueType()->kind() == c10::TypeKind::OptionalType;
        for (const auto& [key, value] : spec.args[i].dict)
          if (!value && !optional_values) throw InputError(where + ", the spec gives null for key '" + key + "'");
        break;
      }
    }
  }
}

namespace {

at::Tensor random_tensor(const TensorSpec& t, at::Generator& gen) {
  const auto options = at::TensorOptions().dtype(t.dtype);
  if (at::isFloatingType(t.dtype)) return at::randn(t.shape, gen, at::TensorOptions().dtype(at::kFloat)).to(t.dtype);
  if (t.dtype == at::kBool) return at::randint(0, 2, t.shape, gen, options);
  return at::randint(0, 10, t.shape, gen, options);
}

}  // namespace

std::vector<c10::IValue> make_inputs(const InputSpec& spec, uint64_t seed) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  std::vector<c10::IValue> inputs;
  for (const auto& a : spec.args) {
    switch (a.kind) {
      case ArgSpec::kTensor: inputs.emplace_back(random_tensor(a.tensor, gen)); break;
      case ArgSpec::kNone: inputs.emplace_back(); break;
      case ArgSpec::kDict: {
        c10::Dict<std::string, c10::optional<at::Tensor>> dict;
        for (const auto& [key, value] : a.dict)
          dict.insert(key, value ? c10::optional<at::Tensor>(random_tensor(*value, gen)) : c10::nullopt);
        inputs.emplace_back(dict);
        break;
      }
    }
  }
  return inputs;
}


}  // namespace gradaudit::trace
