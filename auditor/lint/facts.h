// What one translation unit teaches about the module classes it defines:
// per method, the registrations, member uses and calls it contains, each
// with the conditions that guard it inside the method. Facts from several
// translation units merge (a constructor in one .cpp, forward() in another).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "rules/static_rule.h"

namespace gradaudit::lint {

struct GuardFact {
  rules::Guard guard;
  std::set<std::string> members;  // fields of the class the condition reads
  bool assertion = false;         // a check that throws, not a branch: counts only as a null check
};

struct SiteFact {
  rules::Site site;                // guards left empty here; see `guards`
  std::vector<GuardFact> guards;   // outermost first
};

struct RegistrationFact {
  std::string member;
  rules::MemberKind kind = rules::MemberKind::kSubmodule;
  bool trainable = true;
  SiteFact at;
};

struct UseFact {
  std::string member;
  SiteFact at;
};

struct CallFact {
  std::string callee;  // a method id, or a lambda's id
  SiteFact at;
};

struct MethodFacts {
  std::string id;
  std::string name;
  bool is_constructor = false;
  std::vector<RegistrationFact> registrations;
  // register_* calls whose member could not be told (a local holder, a
  // helper's return value): counted, so a clean report can be trusted.
  std::vector<rules::Site> untracked_registrations;
  std::vector<UseFact> uses;
  std::vector<CallFact> calls;
  // Members used on every normal path through the method (say, in both
  // branches of an if/else): used unconditionally as far as the method goes.
  std::map<std::string, SiteFact> always_used;
};

struct ClassFacts {
  std::string name;   // qualified
  rules::Site at;     // the definition
  bool has_forward = false;
  bool declares_constructor = false;  // a user-written one, wherever its body is
  std::map<std::string, MethodFacts> methods;  // by id
};

struct TuFacts {
  // By qualified name and where the class is defined: two files may each
  // define their own `Net`, while a header's class is one class in every TU.
  std::map<std::string, ClassFacts> classes;
  void merge(const TuFacts& other);
};

}  // namespace gradaudit::lint
