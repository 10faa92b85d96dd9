// GA005 unused-parameter: GA002 for a trainable parameter.
#include "rules/static_rule.h"

namespace gradaudit::rules {
namespace {

class UnusedParameter final : public StaticRule {
 public:
  using StaticRule::StaticRule;

  std::optional<StaticFinding> check(const MemberSummary& m) const override {
    return m.kind == MemberKind::kParameter ? check_unused(m, *this) : std::nullopt;
  }
};

const UnusedParameter kUnusedParameterRule{{
    "GA005",
    "unused-parameter",
    RuleKind::kStatic,
    Severity::kError,
    "a trainable parameter is registered but never used in forward()",
    "A trainable parameter that forward() never reads never receives a gradient: DistributedDataParallel "
    "fails on it in every configuration.",
    "scale = register_parameter(\"scale\", torch::ones({1}));   // never read",
    "Delete it, read it, or register it with requires_grad=false (or as a buffer) if it is state.",
}};

}  // namespace

const StaticRule& kUnusedParameter = kUnusedParameterRule;

}  // namespace gradaudit::rules
