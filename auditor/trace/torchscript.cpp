#include "trace/torchscript.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>
#include <torch/script.h>

#include <fstream>
#include <map>
#include <set>

#include "common/input_error.h"
#include "common/text.h"

namespace gradaudit::trace {
namespace {

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
  }
}

// One spec value, checked.
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

bool accepts_tensor(const c10::TypePtr& type) {
  if (type->kind() == c10::TypeKind::TensorType) return true;
  if (auto opt = type->cast<c10::OptionalType>()) return opt->getElementType()->kind() == c10::TypeKind::TensorType;
  return false;
}

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

at::Tensor random_tensor(const TensorSpec& t, at::Generator& gen) {
  const auto options = at::TensorOptions().dtype(t.dtype);
  if (at::isFloatingType(t.dtype)) return at::randn(t.shape, gen, at::TensorOptions().dtype(at::kFloat)).to(t.dtype);
  if (t.dtype == at::kBool) return at::randint(0, 2, t.shape, gen, options);
  return at::randint(0, 10, t.shape, gen, options);
}

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

void flatten(const c10::IValue& v, std::vector<at::Tensor>& out) {
  if (v.isTensor()) {
    out.push_back(v.toTensor());
  } else if (v.isTuple()) {
    for (const auto& e : v.toTupleRef().elements()) flatten(e, out);
  } else if (v.isList()) {
    for (const auto& e : v.toListRef()) flatten(e, out);
  } else if (v.isGenericDict()) {
    for (const auto& e : v.toGenericDict()) flatten(e.value(), out);
  }
}

ForwardResult run_forward(torch::jit::Module& module, const InputSpec& spec, uint64_t seed) {
  ForwardResult r;
  flatten(module.forward(make_inputs(spec, seed)), r.outputs);
  at::Tensor loss = at::zeros({});
  bool any = false;
  for (size_t i = 0; i < r.outputs.size(); ++i) {
    const bool chosen = spec.loss_outputs.empty()
                            ? true
                            : std::find(spec.loss_outputs.begin(), spec.loss_outputs.end(), i) != spec.loss_outputs.end();
    const at::Tensor& out = r.outputs[i];
    if (!chosen || !out.defined() || !at::isFloatingType(out.scalar_type()) || out.numel() == 0) continue;
    loss = loss + out.to(at::kFloat).mean();
    any = true;
  }
  TORCH_CHECK(any || spec.loss_outputs.empty(), "loss_outputs selects no floating-point output of ",
              r.outputs.size());
  r.loss = loss;
  return r;
}

torch::jit::Module load_module(const std::string& path) {
  if (!std::ifstream(path)) throw InputError(path + ": cannot open TorchScript file for reading");
  try {
    torch::jit::Module module = torch::jit::load(path);
    if (!module.find_method("forward")) throw InputError(path + ": the TorchScript module has no forward() method");
    return module;
  } catch (const c10::Error& e) {
    throw InputError(fmt::format("{}: cannot load as TorchScript: {}", path, first_line(e.what_without_backtrace())));
  }
}

// A deep copy whose parameters are leaves again: Module::clone() copies
// them with an autograd clone, so they would never accumulate a gradient.
std::shared_ptr<torch::jit::Module> fresh_copy(const torch::jit::Module& module) {
  auto copy = std::make_shared<torch::jit::Module>(module.clone());
  for (torch::jit::Module m : copy->modules()) {
    for (const auto& p : m.named_parameters(/*recurse=*/false)) {
      m.setattr(p.name, p.value.detach().clone().set_requires_grad(p.value.requires_grad()));
    }
  }
  return copy;
}

// A target whose subjects copy the loaded module (fresh parameters per
// subject, so DDP ranks get their own copy).
AuditTarget make_target(const torch::jit::Module& loaded, const InputSpec& spec, const std::string& label,
                        config::Configuration config) {
  auto prototype = fresh_copy(loaded);
  AuditTarget t;
  t.label = label;
  t.config = std::move(config);
  t.probe_key = label;
  t.model_config = config::Configuration::object();
  t.make_subject = [prototype, spec](const config::Configuration&) {
    auto module = fresh_copy(*prototype);
    module->train(true);
    AuditSubject s;
    for (const auto& p : module->named_parameters(/*recurse=*/true)) s.parameters.emplace_back(p.name, p.value);
    for (const auto& b : module->buffers(/*recurse=*/true)) s.buffers.push_back(b);
    s.forward = [module, spec](uint64_t seed) { return run_forward(*module, spec, seed); };
    s.owner = module;
    return s;
  };
  return t;
}

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

}  // namespace

AuditTarget torchscript_target(const std::string& model_path, const std::string& spec_path) {
  const torch::jit::Module module = load_module(model_path);
  const InputSpec spec = parse_spec(spec_path);
  check_signature(module, spec, spec_path);
  AuditTarget target = make_target(module, spec, model_path, config::Configuration::object());
  // One configuration only: a forward that throws means the spec and model do
  // not fit, which is an input error rather than a finding.
  try {
    AuditSubject subject = target.make_subject(target.model_config);
    subject.forward(0);
  } catch (const c10::Error& e) {
    throw InputError(fmt::format("{}: forward() fails on inputs shaped as {} says: {}", model_path, spec_path,
                                 first_line(e.what_without_backtrace())));
  } catch (const std::exception& e) {
    throw InputError(fmt::format("{}: forward() fails on inputs shaped as {} says: {}", model_path, spec_path,
                                 first_line(e.what())));
  }
  return target;
}

std::vector<AuditTarget> manifest_targets(const std::string& manifest_path) {
  const Json root = read_json(manifest_path, "manifest");
  if (!root.is_object() || !root.contains("entries") || !root["entries"].is_array())
    throw InputError(manifest_path + ": expected {\"entries\": [...]}");
  for (const auto& [key, value] : root.items())
    if (key != "entries") throw InputError(manifest_path + ": " + key + ": unknown key (expected entries)");
  if (root["entries"].empty()) throw InputError(manifest_path + ": entries: the manifest lists no models");
  const std::string base = folder_of(manifest_path);
  std::vector<AuditTarget> targets;
  std::set<std::string> names;
  for (size_t i = 0; i < root["entries"].size(); ++i) {
    const Json& e = root["entries"][i];
    const std::string where = fmt::format("{}: entries[{}]", manifest_path, i);
    if (!e.is_object()) throw InputError(where + ": expected an object");
    for (const auto& [key, value] : e.items())
      if (key != "name" && key != "model" && key != "inputs" && key != "config")
        throw InputError(where + "." + key + ": unknown key (expected name, model, inputs, config)");
    for (const char* key : {"name", "model", "inputs"})
      if (!e.contains(key) || !e[key].is_string()) throw InputError(where + "." + key + ": expected a string");
    const std::string name = e["name"].get<std::string>();
    if (!names.insert(name).second) throw InputError(where + ".name: '" + name + "' is used twice");
    config::Configuration config = config::Configuration::object();
    if (e.contains("config")) {
      if (!e["config"].is_object()) throw InputError(where + ".config: expected an object of key: value");
      for (const auto& [key, value] : e["config"].items()) {
        if (value.is_structured()) throw InputError(where + ".config." + key + ": expected a number, string or boolean");
        config[key] = value;
      }
    }
    const std::string model_path = base + e["model"].get<std::string>();
    const std::string spec_path = base + e["inputs"].get<std::string>();
    const torch::jit::Module module = load_module(model_path);
    const InputSpec spec = parse_spec(spec_path);
    check_signature(module, spec, spec_path);
    targets.push_back(make_target(module, spec, name, std::move(config)));
  }
  return targets;
}

}  // namespace gradaudit::trace
