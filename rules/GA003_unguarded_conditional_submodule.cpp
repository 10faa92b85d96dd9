// GA003 unguarded-conditional-submodule: registered under a condition, used
// without it (or under a different one) and without testing the holder.
#include "rules/static_rule.h"

namespace gradaudit::rules {
namespace {

class UnguardedConditionalSubmodule final : public StaticRule {
 public:
  using StaticRule::StaticRule;

  std::optional<StaticFinding> check(const MemberSummary& m) const override {
    return m.kind == MemberKind::kSubmodule ? check_unguarded_conditional(m, *this) : std::nullopt;
  }
};

const UnguardedConditionalSubmodule kUnguardedConditionalSubmoduleRule{{
    "GA003",
    "unguarded-conditional-submodule",
    RuleKind::kStatic,
    Severity::kWarning,
    "a submodule registered under a condition is used without it",
    "The right fix for GA001 has its own trap: once a submodule is registered only for some configurations, "
    "its holder is empty in the others, and a use that neither repeats the registration's condition nor "
    "tests the holder dereferences an empty holder at run time. A use under a *different* condition (say "
    "inputs.stat_exog.has_value() against options.stat_exog_size() > 0) is flagged too: the two can "
    "disagree.",
    "if (options.stat_exog_size() > 0) static_encoder = register_module(...);   // constructor\n"
    "context = static_encoder->forward(...);                                   // forward(), unguarded",
    "Test the holder (static_encoder ? static_encoder->forward(x) : fallback), or guard the use with the "
    "registration's own condition.",
}};

}  // namespace

const StaticRule& kUnguardedConditionalSubmodule = kUnguardedConditionalSubmoduleRule;

}  // namespace gradaudit::rules
