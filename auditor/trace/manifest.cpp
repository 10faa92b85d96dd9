#include "trace/manifest.h"

#include <fmt/format.h>

#include <fstream>
#include <set>

#include "common/input_error.h"

namespace gradaudit::trace {
namespace {

using Json = nlohmann::json;

std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

}  // namespace

std::vector<ManifestEntry> read_manifest(const std::string& manifest_path) {
  const Json root = read_json(manifest_path, "manifest");
  if (!root.is_object() || !root.contains("entries") || !root["entries"].is_array())
    throw InputError(manifest_path + ": expected {\"entries\": [...]}");
  for (const auto& [key, value] : root.items())
    if (key != "entries") throw InputError(manifest_path + ": " + key + ": unknown key (expected entries)");
  if (root["entries"].empty()) throw InputError(manifest_path + ": entries: the manifest lists no models");
  const std::string base = folder_of(manifest_path);
  std::vector<ManifestEntry> entries;
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
    ManifestEntry entry;
    entry.name = e["name"].get<std::string>();
    if (!names.insert(entry.name).second) throw InputError(where + ".name: '" + entry.name + "' is used twice");
    // Any JSON value: a training config as it is (lists, nulls, objects).
    if (e.contains("config")) {
      if (!e["config"].is_object()) throw InputError(where + ".config: expected an object of key: value");
      for (const auto& [key, value] : e["config"].items()) entry.config[key] = value;
    }
    entry.model_path = base + e["model"].get<std::string>();
    entry.spec_path = base + e["inputs"].get<std::string>();
    if (!std::ifstream(entry.model_path))
      throw InputError(entry.model_path + ": cannot open TorchScript file for reading");
    entry.spec = parse_spec(entry.spec_path);
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace gradaudit::trace
