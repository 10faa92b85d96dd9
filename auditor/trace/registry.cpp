#include "trace/registry.h"

#include <stdexcept>

namespace gradaudit::trace {

void ModelRegistry::add(ModelEntry entry) {
  if (find(entry.name)) throw std::logic_error("model registered twice: " + entry.name);
  entries_.push_back(std::move(entry));
}

const ModelEntry* ModelRegistry::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

}  // namespace gradaudit::trace
