// What one translation unit teaches about the module classes it defines:
// per method, the registrations, member uses and calls it contains, each
// with the conditions that guard it inside the method. Facts from several
// translation units merge (a constructor in one .cpp, forward() in another).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/static_rule.h"

namespace gradaudit::lint {

// A guard that compares a parameter of the method with a constant, for the
// side taken (`depth > 1`; `flag` is `flag != 0`): a call whose arguments
// are known (default arguments included) tells whether the site runs.
struct ParameterTest {
  unsigned parameter = 0;
  std::string op;  // <, <=, >, >=, ==, !=
  long long value = 0;

  bool holds(long long v) const {
    if (op == "<") return v < value;
    if (op == "<=") return v <= value;
    if (op == ">") return v > value;
    if (op == ">=") return v >= value;
    if (op == "==") return v == value;
    return v != value;
  }
};

struct GuardFact {
  rules::Guard guard;
  std::set<std::string> members;  // fields of the class the condition reads
  bool assertion = false;         // a check that throws, not a branch: counts only as a null check
  // The normalised condition as guard_text compares it: a constructor's
  // parameters marked (`@opts`), members left for the analysis to replace.
  std::string compared;
  std::optional<ParameterTest> parameter_test;
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
  // The module registered (submodules only): a user class's key in
  // TuFacts::classes ("" when not one), or a LibTorch module known to have
  // no parameters (Dropout, ReLU, pooling, ...).
  std::string module_class;
  bool library_parameter_free = false;
  unsigned offset = 0;  // of the call in its file
};

// A member set in a method: `m_(value)` in an initialiser list, `m_ = value;`.
struct MemberWrite {
  std::string member;
  std::string value;         // compared form (guard_text); "" when not a plain value (`+=`)
  bool initializer = false;  // in the initialiser list: before the body
  bool unguarded = false;    // on every path of the body
  unsigned offset = 0;       // in the file, to order it against registrations
};

// The member of a UseFact that stands for all of them: `children()`,
// `parameters()`, `apply()` on the module itself may run any member.
inline const std::string kEveryMember = "*";

struct UseFact {
  std::string member;
  SiteFact at;
  // `backbone->features(x)`: a named method of the member's own module class
  // (not forward): that method's id, its class's key and the call's
  // arguments where they are constants; or `backbone->features->...`: the
  // field of that class read. Empty for every other use.
  std::string entry_method, entry_member, entry_class;
  std::vector<std::optional<long long>> entry_arguments;
};

struct CallFact {
  std::string callee;  // a method id, or a lambda's id
  SiteFact at;
  std::vector<std::optional<long long>> arguments;  // where constants (default ones included)
};

struct MethodFacts {
  std::string id;
  std::string name;
  bool is_constructor = false;
  bool delegates = false;  // a constructor that hands over to another: sets nothing itself
  std::vector<RegistrationFact> registrations;
  // register_* calls whose member could not be told (a local holder, a
  // helper's return value): counted, so a clean report can be trusted.
  std::vector<rules::Site> untracked_registrations;
  std::vector<UseFact> uses;
  std::vector<CallFact> calls;
  std::vector<MemberWrite> writes;
  std::vector<std::string> parameters;  // constructors: their parameters' names
  // Members used on every normal path through the method (say, in both
  // branches of an if/else): used unconditionally as far as the method goes.
  std::map<std::string, SiteFact> always_used;
};

struct ClassFacts {
  std::string name;   // qualified
  rules::Site at;     // the definition
  bool has_forward = false;
  bool declares_constructor = false;  // a user-written one, wherever its body is
  std::vector<std::string> bases;     // keys of the user module classes it derives from
  bool unknown_base = false;          // a base that is neither LibTorch's nor one of those
  std::set<std::string> default_initialized;  // fields with an initialiser in the class
  std::map<std::string, MethodFacts> methods;  // by id
};

struct TuFacts {
  // By qualified name and where the class is defined: two files may each
  // define their own `Net`, while a header's class is one class in every TU.
  std::map<std::string, ClassFacts> classes;
  void merge(const TuFacts& other);
};

}  // namespace gradaudit::lint
