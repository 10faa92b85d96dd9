#include "lint/entry_points.h"

#include <algorithm>
#include <map>
#include <optional>

namespace gradaudit::lint {

namespace {

// The methods reachable from `roots` through the class's own calls; none
// when some call leads to a method whose body was not analysed.
std::optional<std::set<std::string>> visible_reach(const ClassFacts& c, std::vector<std::string> roots) {
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
bool dead(const SiteFact& at, const std::vector<std::optional<long long>>& arguments) {
  for (const GuardFact& g : at.guards) {
    if (!g.parameter_test || g.parameter_test->parameter >= arguments.size()) continue;
    const auto& value = arguments[g.parameter_test->parameter];
    if (value && !g.parameter_test->holds(*value)) return true;
  }
  return false;
}

std::string entered_through(const ClassFacts& c, const UseFact& u) {
  if (!u.entry_member.empty()) return "'" + u.entry_member + "'";
  const auto m = c.methods.find(u.entry_method);
  return (m == c.methods.end() ? u.entry_method : m->second.name) + "()";
}

// What the entered methods of `inner` use, or none when not all is visible.
std::optional<std::set<std::string>> used_through(const ClassFacts& inner,
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

}  // namespace

std::vector<CompositeEntry> composite_entries(const TuFacts& facts) {
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
