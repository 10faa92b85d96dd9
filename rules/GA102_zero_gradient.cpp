// GA102 zero-gradient: a parameter whose gradient is defined but zero in
// every audited batch. DDP survives it; the parameter just never learns: it is
// fed a constant zero, or its output is normalised away.
#include "rules/dynamic_rule.h"

namespace gradaudit::rules {
namespace {

class ZeroGradient final : public ParameterRule {
 public:
  using ParameterRule::ParameterRule;

  std::optional<DynamicFinding> check_parameter(const ParameterObservation& p) const override {
    if (p.batches == 0 || p.with_gradient != p.batches || p.all_zero != p.batches) return std::nullopt;
    return finding(p, "receives an all-zero gradient in every batch: nothing it computes can change the loss here",
                   "construct it only for configurations where it can learn (its input is not constant zero, its "
                   "output is not normalised away, e.g. by a softmax over one value)");
  }
};

const ZeroGradient kZeroGradientRule{
    {
        "GA102",
        "zero-gradient",
        RuleKind::kDynamic,
        Severity::kWarning,
        "a trainable parameter's gradient is zero in every batch",
        "A gradient that is exactly zero in every batch means the parameter cannot learn in this configuration: "
        "its input is a constant zero (a static context that the data does not have), or its output is "
        "normalised away (a softmax over a single value is always 1). DDP "
        "does not fail, but the parameter is dead weight: memory, optimizer state and all-reduce traffic for "
        "nothing, and a sign that the module was built for a case the configuration does not have.",
        "A GRN's context projection (lin_c) fed an all-zero static context when the data has no static "
        "variables.",
        "Build the parameter only for configurations that feed it, or feed it a real input.",
    },
    {"gets an all-zero gradient", "get an all-zero gradient"}};

}  // namespace

const DynamicRule& kZeroGradient = kZeroGradientRule;

}  // namespace gradaudit::rules
