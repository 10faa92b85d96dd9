// Whether a registered submodule has no parameters: DDP waits only for
// parameters, so a Dropout or an activation used under a condition cannot
// starve it. LibTorch's modules are known by name (module_type.h); a user
// class is free when everything it (and its bases) registers is a buffer, a
// parameter without requires_grad, or a free submodule, recursively. Anything
// not seen whole (a constructor in no analysed file, an untracked
// registration, an unknown type or base) has parameters, as far as we know.
#pragma once

#include <map>
#include <string>

#include "lint/facts.h"

namespace gradaudit::lint {

class ParameterFreedom {
 public:
  explicit ParameterFreedom(const TuFacts& facts) : facts_(facts) {}

  // A registered submodule without parameters (buffers and frozen
  // parameters do not count).
  bool registration(const RegistrationFact& r);
  // The class of key `key` (TuFacts::classes) has none, bases included.
  bool class_free(const std::string& key);

 private:
  bool compute(const std::string& key);

  const TuFacts& facts_;
  std::map<std::string, bool> memo_;
};

}  // namespace gradaudit::lint
