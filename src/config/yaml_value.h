// YAML values as configuration values: plain scalars typed (true/false,
// null, integers, finite reals, else strings), quoted scalars kept as
// strings, sequences as lists and mappings as objects.
#pragma once

#include <nlohmann/json.hpp>

namespace YAML {
class Node;
}

namespace gradaudit::config {

nlohmann::ordered_json yaml_scalar(const YAML::Node& node);
nlohmann::ordered_json yaml_value(const YAML::Node& node);

}  // namespace gradaudit::config
