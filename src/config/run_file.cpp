#include "config/run_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "common/input_error.h"
#include "common/utf8_text.h"
#include "config/yaml_value.h"

namespace gradaudit::config {

RunFile load_run_file(const std::string& path, const std::vector<KeyInfo>& keys) {
  YAML::Node root;
  try {
    root = YAML::Load(read_utf8_file(path, "run file"));
  } catch (const YAML::ParserException& e) {
    throw InputError(fmt::format("{}:{}:{}: not valid YAML: {}", path, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
  RunFile file;
  if (!root.IsDefined() || root.IsNull()) return file;
  if (!root.IsMap()) throw InputError(path + ":1:1: expected a mapping of key: value");
  for (const auto& entry : root) {
    const std::string key = entry.first.Scalar();
    const auto mark = entry.first.Mark();
    const std::string where = fmt::format("{}:{}:{}", path, mark.line + 1, mark.column + 1);
    const bool known = std::any_of(keys.begin(), keys.end(), [&](const KeyInfo& k) { return k.name == key; });
    if (!known) {
      std::string names;
      for (const auto& k : keys) names += (names.empty() ? "" : ", ") + k.name;
      throw InputError(fmt::format("{}: {}: unknown key (known keys: {})", where, key, names));
    }
    if (file.values.contains(key)) throw InputError(fmt::format("{}: {}: given twice", where, key));
    file.values[key] = yaml_value(entry.second);
    const auto value_mark = entry.second.Mark();
    file.origins[key] = value_mark.is_null() ? where
                                             : fmt::format("{}:{}:{}", path, value_mark.line + 1, value_mark.column + 1);
  }
  return file;
}

void merge_into(RunFile& base, const Configuration& overrides, const Origins& origins) {
  for (const auto& item : overrides.items()) {
    base.values[item.key()] = item.value();
    const auto it = origins.find(item.key());
    if (it != origins.end()) base.origins[item.key()] = it->second;
  }
}

}  // namespace gradaudit::config
