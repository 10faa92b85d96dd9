#include "forecasters/model_registry.h"

#include <stdexcept>

#include "common/input_error.h"

namespace gradaudit::forecasters {

void ModelRegistry::add(ModelEntry entry) {
  if (find(entry.name)) throw std::logic_error("model registered twice: " + entry.name);
  entries_.push_back(std::move(entry));
}

const ModelEntry* ModelRegistry::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

const ModelEntry& ModelRegistry::require(const std::string& name, const std::string& what) const {
  if (const ModelEntry* e = find(name)) return *e;
  std::string known;
  for (const auto& e : entries_) known += (known.empty() ? "" : ", ") + e.name;
  throw InputError(what + ": unknown model '" + name + "' (known: " + known + ")");
}

}  // namespace gradaudit::forecasters
