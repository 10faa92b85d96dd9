// GA101 no-gradient: a trainable parameter whose gradient is undefined after
// backward in every audited batch. Fatal under DDP without
// find_unused_parameters: "Expected to have finished reduction in the prior
// iteration before starting a new one" at the second iteration.
#include "rules/dynamic_rule.h"

namespace gradaudit::rules {

const Cause kUnusedInForward{"unused-in-forward", "unused in forward: no forward output depends on them"};
const Cause kUsedButNotInLoss{"used-but-not-in-loss", "used in forward, but only by outputs the loss ignores"};

namespace {

class NoGradient final : public ParameterRule {
 public:
  using ParameterRule::ParameterRule;

  std::optional<DynamicFinding> check_parameter(const ParameterObservation& p) const override {
    if (p.batches == 0 || p.with_gradient > 0) return std::nullopt;
    if (p.reachable_from_outputs == 0) {
      return finding(p, "receives no gradient: no forward output depends on it",
                     "construct it only where it is used; or delete it; find_unused_parameters=True tolerates it "
                     "at a cost per iteration",
                     &kUnusedInForward);
    }
    return finding(p, "receives no gradient: it reaches a forward output that the loss ignores",
                   "put that output in the loss, detach it, or list the parameter in DDP's parameters_to_ignore; "
                   "find_unused_parameters=True does not help here",
                   &kUsedButNotInLoss);
  }
};

const NoGradient kNoGradientRule{
    {
        "GA101",
        "no-gradient",
        RuleKind::kDynamic,
        Severity::kError,
        "a trainable parameter receives no gradient",
        "DistributedDataParallel all-reduces gradients in buckets and waits for every trainable parameter's "
        "gradient before it finishes a reduction. A parameter that gets none leaves the reduction unfinished: "
        "the next iteration fails with 'Expected to have finished reduction in the prior iteration before "
        "starting a new one', and a reducer driven incompletely lets the ranks silently diverge. Two cases need "
        "different fixes: a parameter unused in forward (no output depends on it), which "
        "find_unused_parameters=True tolerates at a price (one public measurement, PyTorch PR #53160, put it "
        "at ~26 % per iteration on BERT), and a parameter used in forward whose output the loss ignores, which "
        "the flag does not fix: the reducer marks it used and waits for its gradient forever.",
        "A TFT built with a static encoder for data without static variables: the encoder is constructed in "
        "the constructor but called in forward() only when stat_exog is given.",
        "Construct the submodule only for the configurations that use it (if (stat_exog_size > 0) "
        "register_module(...)). Otherwise: delete it; for a parameter unused in forward, pass "
        "find_unused_parameters=True; for one used but left out of the loss, put its output in the loss or list "
        "the parameter in DDP's parameters_to_ignore.",
    },
    {"gets no gradient", "get no gradient", /*confirmed_by_ddp=*/true}};

}  // namespace

const DynamicRule& kNoGradient = kNoGradientRule;

}  // namespace gradaudit::rules
