// GA004 unconditional-parameter: GA001 for a parameter registered directly
// with register_parameter.
#include "rules/static_rule.h"

namespace gradaudit::rules {
namespace {

class UnconditionalParameter final : public StaticRule {
 public:
  using StaticRule::StaticRule;

  std::optional<StaticFinding> check(const MemberSummary& m) const override {
    return m.kind == MemberKind::kParameter ? check_unconditional(m, *this) : std::nullopt;
  }
};

const UnconditionalParameter kUnconditionalParameterRule{{
    "GA004",
    "unconditional-parameter",
    RuleKind::kStatic,
    Severity::kError,
    "a parameter is registered unconditionally but used only under a condition",
    "A trainable parameter registered with register_parameter() is reduced by DistributedDataParallel in "
    "every iteration; if forward() reads it only under a condition, the other configurations leave it "
    "without gradient and DDP fails at the second iteration. Parameters registered with "
    "requires_grad=false are exempt.",
    "stat_bias = register_parameter(\"stat_bias\", torch::zeros({h}));   // constructor\n"
    "if (stat.has_value()) x = x + stat_bias;                           // forward()",
    "Register the parameter only for the configurations that use it.",
}};

}  // namespace

const StaticRule& kUnconditionalParameter = kUnconditionalParameterRule;

}  // namespace gradaudit::rules
