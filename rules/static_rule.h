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
  // What conditions are compared by: the normalised text with constructor
  // parameters marked and members the constructors set from them replaced
  // (opts_.n > 0 and opts.n > 0 compare equal when opts_(opts)).
  std::string compared;
  std::vector<std::string> reads;  // the members the normalised condition reads
};

struct Site {
  std::string file;
  unsigned line = 0, column = 0;
  std::vector<Guard> guards;  // outermost first, including those of the calls leading here
  // Fix-it for a registration: the statement's byte range in `file`.
  unsigned statement_begin = 0, statement_end = 0;
  unsigned statement_line = 0, statement_column = 0;  // where statement_begin is
  bool can_wrap = false;  // a plain statement in a constructor body or helper
  // register_*("x", x): the member is built elsewhere, so where this
  // registration does not run it exists but is not registered.
  bool registers_existing = false;
  // Registrations: the members that hold their final value where it runs
  // (set before it, not again after): a fix-it may test only those.
  std::vector<std::string> ready_members;

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
  // A submodule without parameters (Dropout, an activation, pooling):
  // nothing for DDP to wait for, so neither GA001 nor GA002 applies.
  bool parameter_free = false;
  // Set when judged inside a composite model that enters this module only
  // through named methods (`backbone->features(x)`): which model, through
  // which method, holding it in which member, and where.
  std::string entered_by, entered_through, entered_member;
  std::optional<Site> entered_at;
};

struct FixIt {
  std::string file;
  unsigned offset = 0, length = 0;
  unsigned line = 0, column = 0;  // where `offset` is, for the report
  std::string replacement;
};

class StaticRule;

struct StaticFinding {
  const StaticRule* rule = nullptr;
  std::string class_name, member;  // whose registration
  Site at;                 // the registration
  std::string message;
  std::optional<Site> note_at;
  std::string note;
  std::optional<FixIt> fix;
};

class StaticRule : public Rule {
 public:
  explicit StaticRule(const RuleInfo& info) : Rule(info) {}
  // The rule's verdict on one member of a module class.
  virtual std::optional<StaticFinding> check(const MemberSummary& member) const = 0;

 protected:
  ~StaticRule() = default;
};

// The static rules, in id order.
const std::vector<const StaticRule*>& static_rules();

extern const StaticRule& kUnconditionalSubmodule;
extern const StaticRule& kUnusedSubmodule;
extern const StaticRule& kUnguardedConditionalSubmodule;
extern const StaticRule& kUnconditionalParameter;
extern const StaticRule& kUnusedParameter;
extern const StaticRule& kUnguardedConditionalMember;

// Shared by the rules: how a guard is shown, and the member's noun.
std::string describe(const Guard& guard);
const char* noun(MemberKind kind);  // "submodule", "parameter", "buffer"

// The three checks, each shared by a submodule rule and a parameter/buffer rule.
std::optional<StaticFinding> check_unconditional(const MemberSummary& m, const StaticRule& rule);
std::optional<StaticFinding> check_unused(const MemberSummary& m, const StaticRule& rule);
std::optional<StaticFinding> check_unguarded_conditional(const MemberSummary& m, const StaticRule& rule);

}  // namespace gradaudit::rules
