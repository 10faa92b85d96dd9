#include "trace/configuration.h"

#include <algorithm>

namespace gradaudit::trace {

std::string value_text(const nlohmann::ordered_json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string configuration_label(const Configuration& config) {
  std::string label;
  for (const auto& [key, value] : config.items()) label += (label.empty() ? "" : ",") + key + "=" + value_text(value);
  return label.empty() ? "default" : label;
}

Configuration structural_part(const Configuration& config, const std::vector<KeyInfo>& keys) {
  Configuration out = Configuration::object();
  for (const auto& [key, value] : config.items()) {
    const auto it = std::find_if(keys.begin(), keys.end(), [&](const KeyInfo& k) { return k.name == key; });
    if (it == keys.end() || it->structural) out[key] = value;
  }
  return out;
}

}  // namespace gradaudit::trace
