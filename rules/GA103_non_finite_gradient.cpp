// GA103 non-finite-gradient: NaN or Inf in a gradient after one backward pass
// on a well-scaled synthetic batch.
#include "rules/dynamic_rule.h"

namespace gradaudit::rules {
namespace {

class NonFiniteGradient final : public ParameterRule {
 public:
  using ParameterRule::ParameterRule;

  std::optional<DynamicFinding> check_parameter(const ParameterObservation& p) const override {
    if (p.non_finite == 0) return std::nullopt;
    return finding(p,
                   "has a gradient with NaN or Inf in " + std::to_string(p.non_finite) + " of " +
                       std::to_string(p.batches) + " batches",
                   "guard the operation that produces it (epsilon, clamp, a stable formulation)");
  }
};

const NonFiniteGradient kNonFiniteGradientRule{
    {
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
    },
    {"gets a NaN or Inf gradient", "get a NaN or Inf gradient"}};

}  // namespace

const DynamicRule& kNonFiniteGradient = kNonFiniteGradientRule;

}  // namespace gradaudit::rules
