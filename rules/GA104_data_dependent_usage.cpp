// GA104 data-dependent-usage: a parameter used in some batches of one
// configuration and not in others.
#include "rules/dynamic_rule.h"

namespace gradaudit::rules {

const Cause kChangesBetweenBatches{"changes-between-batches", "their use depends on the batch"};

namespace {

class DataDependentUsage final : public ParameterRule {
 public:
  using ParameterRule::ParameterRule;

  std::optional<DynamicFinding> check_parameter(const ParameterObservation& p) const override {
    if (p.with_gradient == 0 || p.with_gradient == p.batches) return std::nullopt;
    return finding(p,
                   "receives a gradient in " + std::to_string(p.with_gradient) + " of " + std::to_string(p.batches) +
                       " batches: its use depends on the data",
                   "pass find_unused_parameters=True (static_graph cannot apply), or always run the branch",
                   &kChangesBetweenBatches);
  }
};

const DataDependentUsage kDataDependentUsageRule{
    {
        "GA104",
        "data-dependent-usage",
        RuleKind::kDynamic,
        Severity::kError,
        "which parameters get a gradient changes from batch to batch",
        "When the set of parameters that receive a gradient depends on the data (a branch on tensor values, "
        "mixture-of-experts routing, early exits), some iterations leave parameters without gradient, and DDP "
        "fails in those iterations unless it searches the graph every time (find_unused_parameters=True). "
        "static_graph=True is not an option: it assumes the set never changes.",
        "forward() that runs an expert only when some routing score is positive.",
        "Pass find_unused_parameters=True; or make the branch structural (always run both, mask the result).",
    },
    {"gets a gradient in some batches only", "get a gradient in some batches only", /*confirmed_by_ddp=*/true}};

}  // namespace

const DynamicRule& kDataDependentUsage = kDataDependentUsageRule;

}  // namespace gradaudit::rules
