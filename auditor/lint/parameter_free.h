// Whether a registered submodule has no parameters: DDP waits only for
// parameters, so a Dropout or an activation used under a condition cannot
// starve it. LibTorch's modules are known by name (module_type.h); a user
// class is free when everything it (and its bases) registers is a buffer, a
// parameter without requires_grad, or a free submodule, recursively. Anything
// not seen whole (a constructor in no analysed file, an untracked
// registration, an unknown type or base) has parameters, as far as we know.
// Header-only: included by the analysis alone.
#pragma once

#include <map>
#include <string>

#include "lint/facts.h"

namespace gradaudit::lint {

class ParameterFreedom {
 public:
  explicit ParameterFreedom(const TuFacts& facts) : facts_(facts) {}

  bool registration(const RegistrationFact& r) {
    if (r.kind != rules::MemberKind::kSubmodule) return false;
    if (r.library_parameter_free) return true;
    return !r.module_class.empty() && class_free(r.module_class);
  }

  bool class_free(const std::string& key) {
    const auto known = memo_.find(key);
    if (known != memo_.end()) return known->second;
    memo_[key] = false;  // a cycle has parameters, as far as we know
    return memo_[key] = compute(key);
  }

 private:
  bool compute(const std::string& key) {
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

  const TuFacts& facts_;
  std::map<std::string, bool> memo_;
};

}  // namespace gradaudit::lint
