#include "config/yaml_value.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <string>

namespace gradaudit::config {

nlohmann::ordered_json yaml_scalar(const YAML::Node& node) {
  const std::string text = node.Scalar();
  // Quoted scalars stay strings ("'none'"), plain ones are typed.
  if (node.Tag() == "!") return text;
  if (text == "true" || text == "false") return text == "true";
  if (text == "null" || text == "~") return nullptr;
  try {
    size_t used = 0;
    const long long i = std::stoll(text, &used);
    if (used == text.size()) return i;
  } catch (const std::exception&) {
  }
  try {
    size_t used = 0;
    const double d = std::stod(text, &used);
    if (used == text.size() && std::isfinite(d)) return d;
  } catch (const std::exception&) {
  }
  return text;
}

nlohmann::ordered_json yaml_value(const YAML::Node& node) {
  if (node.IsSequence()) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& item : node) list.push_back(yaml_value(item));
    return list;
  }
  if (node.IsMap()) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& entry : node) object[entry.first.Scalar()] = yaml_value(entry.second);
    return object;
  }
  if (node.IsNull()) return nullptr;
  return yaml_scalar(node);
}

}  // namespace gradaudit::config
