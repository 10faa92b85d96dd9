// A configuration: the values of a model's options and data schema for one
// audited build, e.g. {"hidden_size": 64, "stat_exog_size": 0}.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gradaudit::trace {

// Keys keep the order the space file gave them; values are scalars.
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

}  // namespace gradaudit::trace
