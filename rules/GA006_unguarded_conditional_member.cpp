// GA006 unguarded-conditional-member: GA003 for parameters and buffers.
#include "rules/static_rule.h"

namespace gradaudit::rules {
namespace {

class UnguardedConditionalMember final : public StaticRule {
 public:
  using StaticRule::StaticRule;

  std::optional<StaticFinding> check(const MemberSummary& m) const override {
    return m.kind != MemberKind::kSubmodule ? check_unguarded_conditional(m, *this) : std::nullopt;
  }
};

const UnguardedConditionalMember kUnguardedConditionalMemberRule{{
    "GA006",
    "unguarded-conditional-member",
    RuleKind::kStatic,
    Severity::kWarning,
    "a parameter or buffer registered under a condition is used without it",
    "A tensor member registered with register_parameter() or register_buffer() only for some "
    "configurations is an undefined tensor in the others; a use that neither repeats the registration's "
    "condition nor tests tensor.defined() fails at run time in exactly those configurations.",
    "if (causal) mask = register_buffer(\"mask\", ...);   // constructor\n"
    "scores = scores + mask;                              // forward(), unguarded",
    "Guard the use with the registration's condition, or test mask.defined().",
}};

}  // namespace

const StaticRule& kUnguardedConditionalMember = kUnguardedConditionalMemberRule;

}  // namespace gradaudit::rules
