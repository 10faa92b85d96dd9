#include "lint/constructor_values.h"

namespace gradaudit::lint {
namespace {

// Per member, its only write in `ctor` (null when written more than once).
std::map<std::string, const MemberWrite*> single_writes(const MethodFacts& ctor) {
  std::map<std::string, const MemberWrite*> out;
  for (const MemberWrite& w : ctor.writes) {
    const auto [it, fresh] = out.emplace(w.member, &w);
    if (!fresh) it->second = nullptr;
  }
  return out;
}

}  // namespace

ConstructorValues::ConstructorValues(const ClassFacts& c) : class_(c) {
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

std::map<std::string, std::string> ConstructorValues::before(const MethodFacts& method, unsigned offset) const {
  std::map<std::string, std::string> out;
  for (const auto& [member, value] : everywhere_)
    if (set_before(method, member, offset)) out[member] = value;
  return out;
}

std::vector<std::string> ConstructorValues::ready(const MethodFacts& method, unsigned offset) const {
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

bool ConstructorValues::set_before(const MethodFacts& method, const std::string& member, unsigned offset) const {
  for (const MethodFacts* ctor : constructors_) {
    for (const MemberWrite& w : ctor->writes) {
      if (w.member != member) continue;
      if (!w.initializer && !(ctor == &method && w.offset < offset)) return false;
    }
  }
  return true;
}

}  // namespace gradaudit::lint
