// GA103 non-finite-gradient: NaN or Inf in a gradient after one backward pass
// on a well-scaled synthetic batch.
#include "rules/dynamic_rule.h"

namespace gradaudit::rules {

const RuleInfo kNonFiniteGradient{
    "GA103",
    "non-finite-gradient",
    RuleKind::kDynamic,
    Severity::kError,
    "a gradient holds NaN or Inf",
    "A non-finite gradient after one step on a small, well-scaled synthetic batch points at the model, not "
    "the data: a division by a quantity that can be zero, a log or sqrt of zero, an exp that overflows, a "
    "masked softmax whose row is all -inf. Under DDP the NaN is all-reduced into every rank's parameters.",
    "Attention whose causal mask leaves a row with no allowed position: softmax of all -inf gives NaN.",
    "Guard the operation (clamp, add an epsilon, use logsumexp-style formulations), or fix the mask.",
    "get NaN or Inf gradients",
};

std::optional<DynamicFinding> check_non_finite_gradient(const ParameterObservation& p) {
  if (p.non_finite == 0) return std::nullopt;
  DynamicFinding f;
  f.rule = &kNonFiniteGradient;
  f.parameter = p.name;
  f.message = "has a gradient with NaN or Inf in " + std::to_string(p.non_finite) + " of " +
              std::to_string(p.batches) + " batches";
  f.recommendation = "guard the operation that produces it (epsilon, clamp, a stable formulation)";
  return f;
}

}  // namespace gradaudit::rules
