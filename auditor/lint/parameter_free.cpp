#include "lint/parameter_free.h"

namespace gradaudit::lint {

bool ParameterFreedom::registration(const RegistrationFact& r) {
  if (r.kind != rules::MemberKind::kSubmodule) return false;
  if (r.library_parameter_free) return true;
  return !r.module_class.empty() && class_free(r.module_class);
}

bool ParameterFreedom::class_free(const std::string& key) {
  const auto known = memo_.find(key);
  if (known != memo_.end()) return known->second;
  memo_[key] = false;  // a cycle has parameters, as far as we know
  return memo_[key] = compute(key);
}

bool ParameterFreedom::compute(const std::string& key) {
  const auto it = facts_.classes.find(key);
  if (it == facts_.classes.end()) return false;
  const ClassFacts& c = it->second;
  if (c.unknown_base) return false;
  bool constructor_seen = !c.declares_constructor;
  for (const auto& [id, m] : c.methods) {
    constructor_seen = constructor_seen || m.is_constructor;
    if (!m.untracked_registrations.empty()) return false;
    for (const RegistrationFact& r : m.registrations) {
      if (r.kind == rules::MemberKind::kBuffer) continue;
      if (r.kind == rules::MemberKind::kParameter && !r.trainable) continue;
      if (!registration(r)) return false;
    }
  }
  if (!constructor_seen) return false;
  for (const std::string& base : c.bases)
    if (!class_free(base)) return false;
  return true;
}

}  // namespace gradaudit::lint
