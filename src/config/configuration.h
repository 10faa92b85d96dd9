// A configuration: the values of a model's options, its data schema and its
// training settings under NeuralForecast's names, e.g. {"h": 12,
// "hidden_size": 64, "stat_exog_size": 0, "max_steps": 500}. The one currency
// of spaces (trace, auto), run files, command-line flags and checkpoints.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace gradaudit::config {

// Keys keep the order they were given in; values are any JSON (numbers,
// strings, booleans, null, lists).
using Configuration = nlohmann::ordered_json;

// "hidden_size=64,stat_exog_size=0" (strings unquoted).
std::string configuration_label(const Configuration& config);
std::string value_text(const nlohmann::ordered_json& value);

// One key a model accepts in a configuration.
struct KeyInfo {
  std::string name;
  // Structural keys change the model or its forward pass and are passed to
  // the factory. Training-only keys (learning rate, seeds, step counts) are
  // never passed to it, so configurations that differ only in them are built
  // and audited once.
  bool structural = true;
  std::string help;
};

// The configuration restricted to the structural keys.
Configuration structural_part(const Configuration& config, const std::vector<KeyInfo>& keys);

// Where each key was set ("run.yaml:3:5", "--hidden-size"), for error messages.
using Origins = std::map<std::string, std::string>;

// Typed reads of a configuration. A value of the wrong type is an InputError
// naming where the key was set, the key, what was expected and what was found:
// "run.yaml:3:14: hidden_size: expected a whole number, got \"big\"".
class Reader {
 public:
  explicit Reader(const Configuration& config, const Origins* origins = nullptr)
      : config_(config), origins_(origins) {}

  bool has(const std::string& key) const { return config_.contains(key) && !config_[key].is_null(); }
  int64_t integer(const std::string& key, int64_t fallback) const;
  double real(const std::string& key, double fallback) const;
  std::string text(const std::string& key, const std::string& fallback) const;
  bool boolean(const std::string& key, bool fallback) const;
  // A number or a list of numbers ("level: 90" or "level: [80, 90]").
  std::vector<double> reals(const std::string& key, const std::vector<double>& fallback) const;
  // A string or a list of strings ("hist_exog_list: [a, b]" or "a,b").
  std::vector<std::string> texts(const std::string& key, const std::vector<std::string>& fallback) const;

  // "run.yaml:3:14: key: message" (or "key: message" without an origin).
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;
  std::string where(const std::string& key) const;

 private:
  const Configuration& config_;
  const Origins* origins_;
};

}  // namespace gradaudit::config
