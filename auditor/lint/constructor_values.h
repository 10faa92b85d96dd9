// What the constructors put in members: `opts_(opts)`, `use_skip_ =
// use_skip;`, `has_futr_(futr_exog_size > 0)`. A member every constructor
// sets once, on every path, to the same value, and that no other method
// sets again, reads as that value in conditions; and a registration knows
// which members already hold their final value where it runs (a fix-it may
// test only those). Header-only: included by the analysis alone.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "lint/facts.h"

namespace gradaudit::lint {

class ConstructorValues {
 public:
  explicit ConstructorValues(const ClassFacts& c) : class_(c) {
    for (const auto& [id, m] : c.methods) {
      if (m.is_constructor) {
        if (!m.delegates) constructors_.push_back(&m);  // the target sets the members
      } else
        for (const MemberWrite& w : m.writes) overwritten_.insert(w.member);
    }
    std::map<std::string, std::set<std::string>> values;
    std::map<std::string, size_t> set_by;
    for (const MethodFacts* ctor : constructors_) {
      for (const auto& [member, w] : single_writes(*ctor)) {
        if (!w || !w->unguarded || w->value.empty()) continue;
        values[member].insert(w->value);
        ++set_by[member];
      }
    }
    for (const auto& [member, v] : values)
      if (v.size() == 1 && set_by[member] == constructors_.size() && !overwritten_.count(member))
        everywhere_[member] = *v.begin();
  }

  // For forward() and what it calls: the constructors are done.
  const std::map<std::string, std::string>& everywhere() const { return everywhere_; }

  // Where a registration in `method` runs: the values set before it. In a
  // helper the constructor calls, only the initialiser lists' count as before.
  std::map<std::string, std::string> before(const MethodFacts& method, unsigned offset) const {
    std::map<std::string, std::string> out;
    for (const auto& [member, value] : everywhere_)
      if (set_before(method, member, offset)) out[member] = value;
    return out;
  }

  // Members holding their final value where a registration runs: set before
  // it (or initialised in the class) and not set again, by any method.
  std::vector<std::string> ready(const MethodFacts& method, unsigned offset) const {
    std::set<std::string> members = class_.default_initialized;
    for (const MethodFacts* ctor : constructors_)
      for (const MemberWrite& w : ctor->writes) members.insert(w.member);
    std::vector<std::string> out;
    for (const std::string& member : members) {
      if (overwritten_.count(member)) continue;
      bool ok = !constructors_.empty() || class_.default_initialized.count(member);
      for (const MethodFacts* ctor : constructors_) {
        const bool here = ctor == &method;
        bool set = class_.default_initialized.count(member) > 0;
        for (const MemberWrite& w : ctor->writes) {
          if (w.member != member) continue;
          if (w.initializer) set = true;
          else if (here && w.unguarded && w.offset < offset) set = true;
          else ok = false;  // set after it, or on some paths, or outside what we can order
        }
        ok = ok && set;
      }
      if (ok) out.push_back(member);
    }
    return out;
  }

 private:
  // Per member, its only write in `ctor` (null when written more than once).
  static std::map<std::string, const MemberWrite*> single_writes(const MethodFacts& ctor) {
    std::map<std::string, const MemberWrite*> out;
    for (const MemberWrite& w : ctor.writes) {
      const auto [it, fresh] = out.emplace(w.member, &w);
      if (!fresh) it->second = nullptr;
    }
    return out;
  }

  bool set_before(const MethodFacts& method, const std::string& member, unsigned offset) const {
    for (const MethodFacts* ctor : constructors_) {
      for (const MemberWrite& w : ctor->writes) {
        if (w.member != member) continue;
        if (!w.initializer && !(ctor == &method && w.offset < offset)) return false;
      }
    }
    return true;
  }

  const ClassFacts& class_;
  std::vector<const MethodFacts*> constructors_;
  std::set<std::string> overwritten_;  // set again outside the constructors
  std::map<std::string, std::string> everywhere_;
};

}  // namespace gradaudit::lint
