// Static rules judge what the LibTooling pass learnt about one member of a
// module class: where it is registered and where forward() uses it, each
// site with the conditions that guard it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/rule.h"

namespace gradaudit::rules {

// One condition a site runs under, e.g. "inputs.stat_exog.has_value()".
struct Guard {
  std::string text;        // as written (the branch taken: "!(c)" for an else)
  std::string normalized;  // locals and const getters replaced by what they compute
  bool mentions_member = false;  // tests the member itself (a null check, a loop over it)
  // Refers only to members, constants and const getters: a constructor could
  // test it too (unlike forward()'s inputs and locals).
  bool constructor_testable = false;
};

struct Site {
  std::string file;
  unsigned line = 0, column = 0;
  std::vector<Guard> guards;  // outermost first, including those of the calls leading here
  // Fix-it for a registration: the statement's byte range in `file`.
  unsigned statement_begin = 0, statement_end = 0;
  bool can_wrap = false;  // a plain statement in a constructor body or helper

  // Guards that are conditions on the configuration, not on the member itself.
  std::vector<const Guard*> conditions() const;
};

enum class MemberKind { kSubmodule, kParameter, kBuffer };

struct MemberSummary {
  std::string class_name;  // qualified
  std::string member;      // the field
  MemberKind kind = MemberKind::kSubmodule;
  bool trainable = true;   // register_parameter(..., requires_grad=false) is not
  std::vector<Site> registrations;
  std::vector<Site> uses;  // in forward() and what it calls
  bool class_has_forward = false;
};

struct FixIt {
  std::string file;
  unsigned offset = 0, length = 0;
  std::string replacement;
};

struct StaticFinding {
  const RuleInfo* rule = nullptr;
  std::string class_name, member;  // whose registration
  Site at;                 // the registration
  std::string message;
  std::optional<Site> note_at;
  std::string note;
  std::optional<FixIt> fix;
};

using StaticCheck = std::optional<StaticFinding> (*)(const MemberSummary&);

struct StaticRule {
  const RuleInfo* info;
  StaticCheck check;
};

const std::vector<StaticRule>& static_rules();

extern const RuleInfo kUnconditionalSubmodule;
extern const RuleInfo kUnusedSubmodule;
extern const RuleInfo kUnguardedConditionalSubmodule;
extern const RuleInfo kUnconditionalParameter;
extern const RuleInfo kUnusedParameter;
extern const RuleInfo kUnguardedConditionalMember;

// Shared by the rules: how a guard is shown, and the member's noun.
std::string describe(const Guard& guard);
const char* noun(MemberKind kind);  // "submodule", "parameter", "buffer"

std::optional<StaticFinding> check_unconditional(const MemberSummary& m, const RuleInfo& rule);
std::optional<StaticFinding> check_unused(const MemberSummary& m, const RuleInfo& rule);
std::optional<StaticFinding> check_unguarded_conditional(const MemberSummary& m, const RuleInfo& rule);

}  // namespace gradaudit::rules
