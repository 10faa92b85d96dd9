#include "config/space.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include "common/input_error.h"
#include "config/yaml_value.h"

namespace gradaudit::config {
namespace {

using Json = nlohmann::ordered_json;

class SpaceParser {
 public:
  SpaceParser(std::string source, const std::vector<KeyInfo>& keys, std::string model)
      : source_(std::move(source)), keys_(keys), model_(std::move(model)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& what) const {
    const auto mark = node.Mark();
    if (mark.is_null()) throw InputError(fmt::format("{}: {}", source_, what));
    throw InputError(fmt::format("{}:{}:{}: {}", source_, mark.line + 1, mark.column + 1, what));
  }

  Json scalar(const YAML::Node& node, const std::string& where) const {
    if (!node.IsScalar()) fail(node, where + ": expected a number, string or boolean");
    return yaml_scalar(node);
  }

  void check_key(const YAML::Node& key_node, const std::string& section) const {
    const std::string key = key_node.Scalar();
    const bool known = std::any_of(keys_.begin(), keys_.end(), [&](const KeyInfo& k) { return k.name == key; });
    if (known) return;
    std::string names;
    for (const auto& k : keys_) names += (names.empty() ? "" : ", ") + k.name;
    fail(key_node, fmt::format("{}.{}: unknown key for model '{}' (known keys: {})", section, key, model_, names));
  }

  std::vector<Json> choices(const YAML::Node& list, const std::string& where) const {
    if (list.size() == 0) fail(list, where + ": expected at least one value");
    std::vector<Json> out;
    for (const auto& item : list) out.push_back(scalar(item, where));
    return out;
  }

  void expect_map(const YAML::Node& node, const std::string& where) const {
    if (!node.IsMap()) fail(node, where + ": expected a mapping of key: value");
  }

  std::vector<Configuration> enumerate(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull()) throw InputError(source_ + ": empty space file");
    expect_map(root, "space");
    for (const auto& entry : root) {
      const std::string section = entry.first.Scalar();
      if (section != "fixed" && section != "grid" && section != "random" && section != "model") {
        fail(entry.first, fmt::format("'{}': unknown section (expected fixed, grid, random, model)", section));
      }
    }
    if (root["model"] && scalar(root["model"], "model") != Json(model_)) {
      fail(root["model"], fmt::format("model: the space is for '{}', the audit is of '{}'",
                                      value_text(scalar(root["model"], "model")), model_));
    }

    Json fixed = Json::object();
    if (const YAML::Node node = root["fixed"]) {
      expect_map(node, "fixed");
      for (const auto& entry : node) {
        check_key(entry.first, "fixed");
        fixed[entry.first.Scalar()] = scalar(entry.second, "fixed." + entry.first.Scalar());
      }
    }

    // The grid's cartesian product, in file order (last key varies fastest).
    std::vector<Configuration> configs = {fixed};
    if (const YAML::Node node = root["grid"]) {
      expect_map(node, "grid");
      for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        check_key(entry.first, "grid");
        if (!entry.second.IsSequence()) fail(entry.second, "grid." + key + ": expected a list of values");
        const auto values = choices(entry.second, "grid." + key);
        std::vector<Configuration> next;
        for (const auto& config : configs) {
          for (const auto& value : values) {
            Configuration c = config;
            c[key] = value;
            next.push_back(std::move(c));
          }
        }
        configs = std::move(next);
      }
    }

    if (const YAML::Node node = root["random"]) configs = sample(node, configs);
    if (configs.empty()) throw InputError(source_ + ": the space has no configurations");
    return configs;
  }

 private:
  std::vector<Configuration> sample(const YAML::Node& node, const std::vector<Configuration>& grid) {
    expect_map(node, "random");
    for (const auto& entry : node) {
      const std::string k = entry.first.Scalar();
      if (k != "samples" && k != "seed" && k != "params")
        fail(entry.first, "random." + k + ": unknown key (expected samples, seed, params)");
    }
    const Json samples = node["samples"] ? scalar(node["samples"], "random.samples") : Json(10);
    if (!samples.is_number_integer() || samples.get<long long>() < 1)
      fail(node["samples"], "random.samples: expected a whole number >= 1");
    const Json seed = node["seed"] ? scalar(node["seed"], "random.seed") : Json(1);
    if (!seed.is_number_integer()) fail(node["seed"], "random.seed: expected a whole number");
    const YAML::Node params = node["params"];
    if (!params) fail(node, "random.params: missing; list the keys to draw");
    expect_map(params, "random.params");

    std::mt19937_64 rng(static_cast<uint64_t>(seed.get<long long>()));
    std::vector<Configuration> drawn;
    for (long long s = 0; s < samples.get<long long>(); ++s) {
      Json values = Json::object();
      for (const auto& entry : params) {
        check_key(entry.first, "random.params");
        values[entry.first.Scalar()] = draw(entry.second, "random.params." + entry.first.Scalar(), rng);
      }
      for (const auto& config : grid) {
        Configuration c = config;
        for (const auto& [key, value] : values.items()) c[key] = value;
        drawn.push_back(std::move(c));
      }
    }
    return drawn;
  }

  Json draw(const YAML::Node& spec, const std::string& where, std::mt19937_64& rng) const {
    if (spec.IsScalar()) return scalar(spec, where);
    if (spec.IsSequence()) {
      const auto values = choices(spec, where);
      return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng)];
    }
    if (!spec.IsMap() || spec.size() != 1)
      fail(spec, where + ": expected a value, a list, or one of {choice|uniform|loguniform|randint: [...]}");
    const std::string kind = spec.begin()->first.Scalar();
    const YAML::Node args = spec.begin()->second;
    if (kind == "choice") {
      if (!args.IsSequence()) fail(args, where + ".choice: expected a list of values");
      const auto values = choices(args, where);
      return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng)];
    }
    if (!args.IsSequence() || args.size() != 2) fail(args, where + "." + kind + ": expected [low, high]");
    const Json lo = scalar(args[0], where), hi = scalar(args[1], where);
    if (!lo.is_number() || !hi.is_number() || !(lo.get<double>() < hi.get<double>()))
      fail(args, where + "." + kind + ": expected numbers with low < high");
    if (kind == "uniform") return std::uniform_real_distribution<double>(lo.get<double>(), hi.get<double>())(rng);
    if (kind == "loguniform") {
      if (lo.get<double>() <= 0) fail(args, where + ".loguniform: expected low > 0");
      const double e = std::uniform_real_distribution<double>(std::log(lo.get<double>()), std::log(hi.get<double>()))(rng);
      return std::exp(e);
    }
    if (kind == "randint") {
      if (!lo.is_number_integer() || !hi.is_number_integer()) fail(args, where + ".randint: expected whole numbers");
      return std::uniform_int_distribution<long long>(lo.get<long long>(), hi.get<long long>() - 1)(rng);
    }
    fail(spec.begin()->first, where + ": unknown distribution '" + kind + "' (expected choice, uniform, loguniform, randint)");
  }

  std::string source_;
  const std::vector<KeyInfo>& keys_;
  std::string model_;
};

}  // namespace

std::vector<Configuration> parse_space(const std::string& text, const std::string& source,
                                       const std::vector<KeyInfo>& keys, const std::string& model_name) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError(fmt::format("{}:{}:{}: not valid YAML or JSON: {}", source, e.mark.line + 1, e.mark.column + 1,
                                 e.msg));
  }
  return SpaceParser(source, keys, model_name).enumerate(root);
}

std::vector<Configuration> load_space(const std::string& path, const std::vector<KeyInfo>& keys,
                                      const std::string& model_name) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open space file for reading");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_space(text.str(), path, keys, model_name);
}

}  // namespace gradaudit::config
