#include "trace/registry.h"

#include <stdexcept>

namespace gradaudit::trace {

std::vector<AuditTarget> targets_for(const ModelEntry& entry, const std::vector<Configuration>& configs) {
  std::vector<AuditTarget> targets;
  for (const auto& config : configs) {
    Configuration structural = structural_part(config, entry.keys);
    const std::string key = structural.dump();
    targets.push_back({configuration_label(config), config, entry.build, std::move(structural), key});
  }
  return targets;
}

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
