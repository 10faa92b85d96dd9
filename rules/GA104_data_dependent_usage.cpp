// GA104 data-dependent-usage: a parameter used in some batches of one
// configuration and not in others.
#include "rules/dynamic_rule.h"

namespace gradaudit::rules {

const RuleInfo kDataDependentUsage{
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
    "get a gradient in some batches only",
};

std::optional<DynamicFinding> check_data_dependent_usage(const ParameterObservation& p) {
  if (p.with_gradient == 0 || p.with_gradient == p.batches) return std::nullopt;
  DynamicFinding f;
  f.rule = &kDataDependentUsage;
  f.parameter = p.name;
  f.cause = Cause::kChangesBetweenBatches;
  f.message = "receives a gradient in " + std::to_string(p.with_gradient) + " of " + std::to_string(p.batches) +
              " batches: its use depends on the data";
  f.recommendation = "pass find_unused_parameters=True (static_graph cannot apply), or always run the branch";
  return f;
}

}  // namespace gradaudit::rules
