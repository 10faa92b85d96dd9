// Composite models: a model that holds a backbone and calls only
// `backbone->features(x)` never runs the backbone's classifier head, whose
// parameters then get no gradient in that model. Each class is analysed
// from its own forward(); this follows a composite model's forward() into
// the methods it calls (or the fields it reads) on a submodule (with the call's constant arguments,
// default ones included, deciding `if (depth > 2)` in them) and says which
// of the submodule's members those methods use. Only where everything is
// visible: every method reached has its body in the analysed files, and the
// submodule is entered only through named methods (never run whole, passed
// on, or stored elsewhere). Header-only: included by the analysis alone.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
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

namespace entry_points_detail {

// The methods reachable from `roots` through the class's own calls; none
// when some call leads to a method whose body was not analysed.
inline std::optional<std::set<std::string>> visible_reach(const ClassFacts& c, std::vector<std::string> roots) {
  std::set<std::string> seen;
  while (!roots.empty()) {
    const std::string id = roots.back();
    roots.pop_back();
    if (!seen.insert(id).second) continue;
    const auto m = c.methods.find(id);
    if (m == c.methods.end()) return std::nullopt;
    for (const CallFact& call : m->second.calls) roots.push_back(call.callee);
  }
  return seen;
}

// A site of the entered method that these arguments never reach.
inline bool dead(const SiteFact& at, const std::vector<std::optional<long long>>& arguments) {
  for (const GuardFact& g : at.guards) {
    if (!g.parameter_test || g.parameter_test->parameter >= arguments.size()) continue;
    const auto& value = arguments[g.parameter_test->parameter];
    if (value && !g.parameter_test->holds(*value)) return true;
  }
  return false;
}

inline std::string entered_through(const ClassFacts& c, const UseFact& u) {
  if (!u.entry_member.empty()) return "'" + u.entry_member + "'";
  const auto m = c.methods.find(u.entry_method);
  return (m == c.methods.end() ? u.entry_method : m->second.name) + "()";
}

// What the entered methods of `inner` use, or none when not all is visible.
inline std::optional<std::set<std::string>> used_through(const ClassFacts& inner,
                                                         const std::vector<const UseFact*>& entries) {
  std::set<std::string> used;
  for (const UseFact* e : entries) {
    if (!e->entry_member.empty()) {
      used.insert(e->entry_member);
      continue;
    }
    const auto reached = visible_reach(inner, {e->entry_method});
    if (!reached) return std::nullopt;
    for (const std::string& id : *reached) {
      for (const UseFact& u : inner.methods.at(id).uses)
        if (id != e->entry_method || !dead(u.at, e->entry_arguments)) used.insert(u.member);
    }
  }
  return used;
}

}  // namespace entry_points_detail

inline std::vector<CompositeEntry> composite_entries(const TuFacts& facts) {
  using namespace entry_points_detail;
  std::vector<CompositeEntry> out;
  for (const auto& [key, outer] : facts.classes) {
    if (!outer.has_forward) continue;
    std::vector<std::string> roots;
    std::set<std::string> submodules;
    for (const auto& [id, m] : outer.methods) {
      if (m.name == "forward") roots.push_back(id);
      for (const RegistrationFact& r : m.registrations)
        if (r.kind == rules::MemberKind::kSubmodule) submodules.insert(r.member);
    }
    const auto reached = visible_reach(outer, roots);
    if (!reached) continue;
    std::map<std::string, std::vector<const UseFact*>> uses;
    for (const std::string& id : *reached)
      for (const UseFact& u : outer.methods.at(id).uses) uses[u.member].push_back(&u);
    if (uses.count(kEveryMember)) continue;  // its children may all run whole
    for (const auto& [member, list] : uses) {
      if (!submodules.count(member)) continue;
      const std::string& inner_key = list.front()->entry_class;
      const bool only_entered = std::all_of(list.begin(), list.end(), [&](const UseFact* u) {
        return (!u->entry_method.empty() || !u->entry_member.empty()) && u->entry_class == inner_key;
      });
      const auto inner = facts.classes.find(inner_key);
      if (!only_entered || inner_key == key || inner == facts.classes.end()) continue;
      auto used = used_through(inner->second, list);
      if (!used) continue;
      out.push_back({inner_key, std::move(*used), outer.name, member,
                     entered_through(inner->second, *list.front()), list.front()->at.site});
    }
  }
  return out;
}

}  // namespace gradaudit::lint
