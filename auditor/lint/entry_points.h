// Composite models: a model that holds a backbone and calls only
// `backbone->features(x)` never runs the backbone's classifier head, whose
// parameters then get no gradient in that model. Each class is analysed from
// its own forward(); this follows a composite model's forward() into the
// methods it calls (or the fields it reads) on a submodule (with the call's
// constant arguments, default ones included, deciding `if (depth > 2)` in
// them) and says which of the submodule's members those methods use. Only
// where everything is visible: every method reached has its body in the
// analysed files, and the submodule is entered only through named methods
// (never run whole, passed on, or stored elsewhere).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "lint/facts.h"

namespace gradaudit::lint {

struct CompositeEntry {
  std::string inner;              // the submodule's class, its key in TuFacts::classes
  std::set<std::string> used;     // the inner class's members the entered methods use
  std::string outer;              // the composite model's qualified name
  std::string member;             // the outer model's member holding the inner module
  std::string through;            // how it is entered first: "features()", or "'features'" for a field
  rules::Site at;                 // where the outer model enters it
};

// Every composite model of the translation unit's classes, with the members
// of each submodule it enters that the entered methods use.
std::vector<CompositeEntry> composite_entries(const TuFacts& facts);

}  // namespace gradaudit::lint
