// What the constructors put in members: `opts_(opts)`, `use_skip_ =
// use_skip;`, `has_futr_(futr_exog_size > 0)`. A member every constructor
// sets once, on every path, to the same value, and that no other method
// sets again, reads as that value in conditions; and a registration knows
// which members already hold their final value where it runs (a fix-it may
// test only those).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "lint/facts.h"

namespace gradaudit::lint {

class ConstructorValues {
 public:
  explicit ConstructorValues(const ClassFacts& c);

  // For forward() and what it calls: the constructors are done.
  const std::map<std::string, std::string>& everywhere() const { return everywhere_; }

  // Where a registration in `method` runs: the values set before it. In a
  // helper the constructor calls, only the initialiser lists' count as before.
  std::map<std::string, std::string> before(const MethodFacts& method, unsigned offset) const;

  // Members holding their final value where a registration runs: set before
  // it (or initialised in the class) and not set again, by any method.
  std::vector<std::string> ready(const MethodFacts& method, unsigned offset) const;

 private:
  bool set_before(const MethodFacts& method, const std::string& member, unsigned offset) const;

  const ClassFacts& class_;
  std::vector<const MethodFacts*> constructors_;
  std::set<std::string> overwritten_;  // set again outside the constructors
  std::map<std::string, std::string> everywhere_;
};

}  // namespace gradaudit::lint
