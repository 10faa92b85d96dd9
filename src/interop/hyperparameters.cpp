#include "interop/hyperparameters.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "common/input_error.h"
#include "interop/torch_file.h"

namespace gradaudit::interop {
namespace {

using Kind = PickleValue::Kind;

// Keys copied as they are: NeuralForecast's TFT arguments that configurations
// know (tft::config_keys) and whose values are plain numbers, strings or bools.
const char* const kPlainKeys[] = {
    "h", "input_size", "tgt_size", "hidden_size", "n_head", "dropout", "attn_dropout", "grn_activation",
    "rnn_type", "n_rnn_layers", "one_rnn_initial_state", "learning_rate", "max_steps", "batch_size",
    "windows_batch_size", "valid_batch_size", "inference_windows_batch_size", "scaler_type", "step_size",
    "start_padding_enabled", "random_seed", "num_lr_decays", "early_stop_patience_steps", "val_check_steps",
    "gradient_clip_val",
};

class Mapper {
 public:
  Mapper(const PickleValue& hparams, const std::string& path) : hparams_(hparams), path_(path) {}

  config::Configuration map() {
    config::Configuration c = config::Configuration::object();
    for (const char* key : kPlainKeys) {
      const PickleValue* v = hparams_.find(key);
      if (v && v->kind != Kind::kNone) c[key] = scalar(*v, key);
    }
    for (const std::string kind : {"stat", "hist", "futr"}) {
      const std::string list_key = kind + "_exog_list";
      const PickleValue* v = hparams_.find(list_key);
      std::vector<std::string> names;
      if (v && v->kind != Kind::kNone) names = strings(*v, list_key);
      c[kind + "_exog_size"] = names.size();
      if (!names.empty()) c[list_key] = names;
    }
    if (const PickleValue* loss = hparams_.find("loss")) map_loss(*loss, c);
    if (const PickleValue* valid = hparams_.find("valid_loss"); valid && valid->kind == Kind::kObject)
      c["valid_loss"] = short_name(valid->text);
    return c;
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw InputError(path_ + ": hyper_parameters: " + key + ": " + what);
  }

  nlohmann::ordered_json scalar(const PickleValue& v, const std::string& key) const {
    if (auto number = numpy_number(v)) return *number;
    switch (v.kind) {
      case Kind::kBool: return v.boolean;
      case Kind::kInt: return v.integer;
      case Kind::kFloat: return v.real;
      case Kind::kString: return v.text;
      default: fail(key, "is " + v.describe() + ", expected a number, string or bool");
    }
  }

  // A numpy scalar (np.int64(12), what tuning libraries often hand over):
  // numpy.core.multiarray.scalar(numpy.dtype('i8'), raw little-endian bytes).
  static std::optional<nlohmann::ordered_json> numpy_number(const PickleValue& v) {
    if (v.kind != Kind::kObject || !v.args || !v.args->items) return std::nullopt;
    if (v.text != "numpy.core.multiarray.scalar" && v.text != "numpy._core.multiarray.scalar") return std::nullopt;
    const PickleItems& a = *v.args->items;
    if (a.size() != 2 || a[0].kind != Kind::kObject || a[1].kind != Kind::kBytes || !a[0].args->items ||
        a[0].args->items->empty())
      return std::nullopt;
    const std::string type = (*a[0].args->items)[0].text;
    const std::string& raw = a[1].text;
    auto as = [&raw](auto zero) -> std::optional<decltype(zero)> {
      if (raw.size() != sizeof zero) return std::nullopt;
      std::memcpy(&zero, raw.data(), sizeof zero);
      return zero;
    };
    std::optional<nlohmann::ordered_json> out;
    if (type == "i8") { if (auto x = as(int64_t{0})) out = *x; }
    if (type == "i4") { if (auto x = as(int32_t{0})) out = *x; }
    if (type == "f8") { if (auto x = as(0.0)) out = *x; }
    if (type == "f4") { if (auto x = as(0.0f)) out = static_cast<double>(*x); }
    if (type == "b1") { if (auto x = as(uint8_t{0})) out = *x != 0; }
    return out;
  }

  std::vector<std::string> strings(const PickleValue& v, const std::string& key) const {
    if (v.kind != Kind::kList && v.kind != Kind::kTuple) fail(key, "is " + v.describe() + ", expected a list of names");
    std::vector<std::string> out;
    for (const auto& item : *v.items) {
      if (item.kind != Kind::kString) fail(key, "holds " + item.describe() + ", expected column names");
      out.push_back(item.text);
    }
    return out;
  }

  static std::string short_name(const std::string& qualified) { return qualified.substr(qualified.rfind('.') + 1); }

  // The loss is pickled as the object itself (save_hyperparameters keeps the
  // constructor's arguments); its class names the loss, its __dict__ holds
  // MQLoss's output names ("-lo-80", "-hi-90") and HuberLoss's delta.
  void map_loss(const PickleValue& loss, config::Configuration& c) const {
    if (loss.kind == Kind::kString) {
      c["loss"] = loss.text;
      return;
    }
    if (loss.kind != Kind::kObject) return;
    const std::string name = short_name(loss.text);
    c["loss"] = name;
    const PickleValue* state = loss.state.get();
    if (!state || !state->is_mapping()) return;
    if (name == "MQLoss") {
      if (const PickleValue* names = state->find("output_names"); names && names->items) {
        std::vector<double> levels;
        for (const auto& n : *names->items)
          if (n.kind == Kind::kString && n.text.rfind("-hi-", 0) == 0) {
            char* end = nullptr;
            const double level = std::strtod(n.text.c_str() + 4, &end);
            if (end && *end == '\0' && end != n.text.c_str() + 4) levels.push_back(level);
          }
        std::sort(levels.begin(), levels.end());
        if (!levels.empty()) c["level"] = levels;
      }
    }
    if (name == "HuberLoss") {
      if (const PickleValue* delta = state->find("delta"); delta && (delta->kind == Kind::kFloat || delta->kind == Kind::kInt))
        c["delta"] = delta->kind == Kind::kFloat ? delta->real : static_cast<double>(delta->integer);
    }
  }

  const PickleValue& hparams_;
  const std::string& path_;
};

}  // namespace

std::optional<config::Configuration> hyperparameters_from(const PickleValue& file_object, const std::string& path) {
  const PickleValue* hparams = file_object.is_mapping() ? file_object.find("hyper_parameters") : nullptr;
  if (!hparams) return std::nullopt;
  if (!hparams->is_mapping()) throw InputError(path + ": hyper_parameters is " + hparams->describe() + ", expected a dict");
  return Mapper(*hparams, path).map();
}

config::Configuration read_hyperparameters(const std::string& path) {
  auto c = hyperparameters_from(read_torch_file(path), path);
  if (!c) throw InputError(path + ": no hyper_parameters entry (a plain state dict has none; describe the model with flags)");
  return *c;
}

}  // namespace gradaudit::interop
