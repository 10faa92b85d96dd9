// Models auditable by name (`gradaudit trace --model NAME`).
#pragma once

#include <string>
#include <vector>

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

class ModelRegistry {
 public:
  void add(ModelEntry entry);
  const ModelEntry* find(const std::string& name) const;
  const std::vector<ModelEntry>& entries() const { return entries_; }

 private:
  std::vector<ModelEntry> entries_;
};

}  // namespace gradaudit::trace
