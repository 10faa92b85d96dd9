// GA002 unused-submodule: registered, and never used on any path of forward().
#include "rules/static_rule.h"

namespace gradaudit::rules {
namespace {

class UnusedSubmodule final : public StaticRule {
 public:
  using StaticRule::StaticRule;

  std::optional<StaticFinding> check(const MemberSummary& m) const override {
    return m.kind == MemberKind::kSubmodule ? check_unused(m, *this) : std::nullopt;
  }
};

const UnusedSubmodule kUnusedSubmoduleRule{{
    "GA002",
    "unused-submodule",
    RuleKind::kStatic,
    Severity::kError,
    "a submodule is registered but never used in forward()",
    "A registered submodule that forward() never reaches (directly, or through the methods and lambdas it "
    "calls) contributes parameters that never receive a gradient: DistributedDataParallel fails on them "
    "in every configuration, and they cost memory and optimizer state for nothing.",
    "head = register_module(\"head\", torch::nn::Linear(16, 1));   // forward() uses only body",
    "Delete the submodule, or use it. If it is used outside forward() on purpose (a separate inference "
    "path), keep it out of the modules DDP wraps.",
}};

}  // namespace

const StaticRule& kUnusedSubmodule = kUnusedSubmoduleRule;

}  // namespace gradaudit::rules
