#include "config/space.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

#include "common/input_error.h"
#include "common/utf8_text.h"
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

  // A scalar, or a list of scalars (column lists are values too).
  Json value(const YAML::Node& node, const std::string& where) const {
    if (!node.IsSequence()) return scalar(node, where);
    Json list = Json::array();
    for (const auto& item : node) {
      if (!item.IsScalar()) fail(item, where + ": expected a number, string or boolean in the list");
      list.push_back(yaml_scalar(item));
    }
    return list;
  }

  SpaceSpec parse(const YAML::Node& root) {
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
    SpaceSpec spec;
    if (const YAML::Node node = root["fixed"]) {
      expect_map(node, "fixed");
      for (const auto& entry : node) {
        check_key(entry.first, "fixed");
        spec.fixed[entry.first.Scalar()] = value(entry.second, "fixed." + entry.first.Scalar());
      }
    }
    if (const YAML::Node node = root["grid"]) {
      expect_map(node, "grid");
      for (const auto& entry : node) {
        const std::string key = entry.first.Scalar();
        check_key(entry.first, "grid");
        if (!entry.second.IsSequence()) fail(entry.second, "grid." + key + ": expected a list of values");
        spec.grid.emplace_back(key, choices(entry.second, "grid." + key));
      }
    }
    if (const YAML::Node node = root["random"]) parse_random(node, spec);
    return spec;
  }

 private:
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
    for (const auto& item : list) out.push_back(value(item, where));
    return out;
  }

  void expect_map(const YAML::Node& node, const std::string& where) const {
    if (!node.IsMap()) fail(node, where + ": expected a mapping of key: value");
  }

  void parse_random(const YAML::Node& node, SpaceSpec& spec) const {
    expect_map(node, "random");
    for (const auto& entry : node) {
      const std::string k = entry.first.Scalar();
      if (k != "samples" && k != "seed" && k != "params")
        fail(entry.first, "random." + k + ": unknown key (expected samples, seed, params)");
    }
    spec.has_random = true;
    const Json samples = node["samples"] ? scalar(node["samples"], "random.samples") : Json(10);
    if (!samples.is_number_integer() || samples.get<long long>() < 1)
      fail(node["samples"], "random.samples: expected a whole number >= 1");
    spec.samples = samples.get<int64_t>();
    const Json seed = node["seed"] ? scalar(node["seed"], "random.seed") : Json(1);
    if (!seed.is_number_integer()) fail(node["seed"], "random.seed: expected a whole number");
    spec.seed = seed.get<int64_t>();
    const YAML::Node params = node["params"];
    if (!params) fail(node, "random.params: missing; list the keys to draw");
    expect_map(params, "random.params");
    for (const auto& entry : params) {
      check_key(entry.first, "random.params");
      spec.params.emplace_back(entry.first.Scalar(),
                               distribution(entry.second, "random.params." + entry.first.Scalar()));
    }
  }

  Distribution distribution(const YAML::Node& spec, const std::string& where) const {
    Distribution d;
    if (spec.IsScalar()) {
      d.values = {scalar(spec, where)};
      return d;
    }
    if (spec.IsSequence()) {
      d.kind = Distribution::Kind::kChoice;
      d.values = choices(spec, where);
      return d;
    }
    if (!spec.IsMap() || spec.size() != 1)
      fail(spec, where + ": expected a value, a list, or one of {choice|uniform|loguniform|randint|quniform: [...]}");
    const std::string kind = spec.begin()->first.Scalar();
    const YAML::Node args = spec.begin()->second;
    if (kind == "choice") {
      if (!args.IsSequence()) fail(args, where + ".choice: expected a list of values");
      d.kind = Distribution::Kind::kChoice;
      d.values = choices(args, where);
      return d;
    }
    const size_t arity = kind == "quniform" ? 3 : 2;
    if (!args.IsSequence() || args.size() != arity)
      fail(args, where + "." + kind + (arity == 3 ? ": expected [low, high, q]" : ": expected [low, high]"));
    const Json lo = scalar(args[0], where), hi = scalar(args[1], where);
    if (!lo.is_number() || !hi.is_number() || !(lo.get<double>() < hi.get<double>()))
      fail(args, where + "." + kind + ": expected numbers with low < high");
    d.low = lo.get<double>();
    d.high = hi.get<double>();
    if (kind == "uniform") {
      d.kind = Distribution::Kind::kUniform;
    } else if (kind == "loguniform") {
      if (d.low <= 0) fail(args, where + ".loguniform: expected low > 0");
      d.kind = Distribution::Kind::kLogUniform;
    } else if (kind == "randint") {
      if (!lo.is_number_integer() || !hi.is_number_integer()) fail(args, where + ".randint: expected whole numbers");
      d.kind = Distribution::Kind::kRandInt;
      d.integral = true;
    } else if (kind == "quniform") {
      const Json q = scalar(args[2], where);
      if (!q.is_number() || !(q.get<double>() > 0)) fail(args[2], where + ".quniform: expected a step q > 0");
      d.kind = Distribution::Kind::kQUniform;
      d.q = q.get<double>();
      d.integral = lo.is_number_integer() && hi.is_number_integer() && q.is_number_integer();
    } else {
      fail(spec.begin()->first,
           where + ": unknown distribution '" + kind + "' (expected choice, uniform, loguniform, randint, quniform)");
    }
    return d;
  }

  std::string source_;
  const std::vector<KeyInfo>& keys_;
  std::string model_;
};

}  // namespace

Json Distribution::draw(std::mt19937_64& rng) const {
  switch (kind) {
    case Kind::kFixed: return values.front();
    case Kind::kChoice: return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng)];
    case Kind::kUniform: return std::uniform_real_distribution<double>(low, high)(rng);
    case Kind::kLogUniform: return std::exp(std::uniform_real_distribution<double>(std::log(low), std::log(high))(rng));
    case Kind::kRandInt:
      return std::uniform_int_distribution<long long>(static_cast<long long>(low), static_cast<long long>(high) - 1)(rng);
    case Kind::kQUniform: {
      const double x = std::round(std::uniform_real_distribution<double>(low, high)(rng) / q) * q;
      if (integral) return static_cast<long long>(std::llround(x));
      return x;
    }
  }
  return values.front();
}

SpaceSpec parse_space_spec(const std::string& text, const std::string& source, const std::vector<KeyInfo>& keys,
                           const std::string& model_name) {
  require_utf8(text, source);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw InputError(fmt::format("{}:{}:{}: not valid YAML or JSON: {}", source, e.mark.line + 1, e.mark.column + 1,
                                 e.msg));
  }
  return SpaceParser(source, keys, model_name).parse(root);
}

SpaceSpec load_space_spec(const std::string& path, const std::vector<KeyInfo>& keys, const std::string& model_name) {
  return parse_space_spec(read_text_file(path, "space file"), path, keys, model_name);  // it checks the UTF-8
}

std::vector<Configuration> enumerate_space(const SpaceSpec& spec) {
  std::vector<Configuration> configs = {spec.fixed};
  for (const auto& [key, values] : spec.grid) {
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
  if (!spec.has_random) return configs;
  std::mt19937_64 rng(static_cast<uint64_t>(spec.seed));
  std::vector<Configuration> drawn;
  for (int64_t s = 0; s < spec.samples; ++s) {
    Json values = Json::object();
    for (const auto& [key, distribution] : spec.params) values[key] = distribution.draw(rng);
    for (const auto& config : configs) {
      Configuration c = config;
      for (const auto& [key, value] : values.items()) c[key] = value;
      drawn.push_back(std::move(c));
    }
  }
  return drawn;
}

std::vector<Configuration> parse_space(const std::string& text, const std::string& source,
                                       const std::vector<KeyInfo>& keys, const std::string& model_name) {
  return enumerate_space(parse_space_spec(text, source, keys, model_name));
}

std::vector<Configuration> load_space(const std::string& path, const std::vector<KeyInfo>& keys,
                                      const std::string& model_name) {
  return enumerate_space(load_space_spec(path, keys, model_name));
}

}  // namespace gradaudit::config
