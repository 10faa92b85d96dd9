// Models auditable by name (`gradaudit trace --model NAME`).
#pragma once

#include <string>
#include <vector>

#include "trace/audit.h"
#include "trace/configuration.h"
#include "trace/subject.h"

namespace gradaudit::trace {

struct ModelEntry {
  std::string name;
  std::string description;
  std::vector<KeyInfo> keys;   // every key a configuration may set
  std::string default_space;   // YAML, used without --space
  SubjectFactory build;
};

// One audit target per configuration. The model's factory sees only the
// structural keys, and configurations that agree on them share one build.
std::vector<AuditTarget> targets_for(const ModelEntry& entry, const std::vector<Configuration>& configs);

class ModelRegistry {
 public:
  void add(ModelEntry entry);
  const ModelEntry* find(const std::string& name) const;
  const std::vector<ModelEntry>& entries() const { return entries_; }

 private:
  std::vector<ModelEntry> entries_;
};

}  // namespace gradaudit::trace
