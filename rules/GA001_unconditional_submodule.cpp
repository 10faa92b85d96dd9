// GA001 unconditional-submodule: a submodule registered unconditionally in the
// constructor, used in forward() only under a condition. The seed bug:
// NeuralForecast's TFT built its static encoder for data without static
// variables, and AutoTFT could not train on several GPUs.
#include "rules/static_rule.h"

namespace gradaudit::rules {
namespace {

class UnconditionalSubmodule final : public StaticRule {
 public:
  using StaticRule::StaticRule;

  std::optional<StaticFinding> check(const MemberSummary& m) const override {
    return m.kind == MemberKind::kSubmodule ? check_unconditional(m, *this) : std::nullopt;
  }
};

const UnconditionalSubmodule kUnconditionalSubmoduleRule{{
    "GA001",
    "unconditional-submodule",
    RuleKind::kStatic,
    Severity::kError,
    "a submodule is registered unconditionally but used only under a condition",
    "Every parameter of a registered submodule is a parameter of the model, and DistributedDataParallel "
    "waits for a gradient for each of them in every iteration. When forward() uses the submodule only "
    "under a condition (an optional input present, an option set), the configurations where the condition "
    "is false leave all its parameters without gradient, and DDP fails at the second iteration with "
    "'Expected to have finished reduction in the prior iteration before starting a new one'.",
    "static_encoder = register_module(\"static_encoder\", StaticCovariateEncoder(...));   // constructor\n"
    "if (inputs.stat_exog.has_value()) context = static_encoder->forward(...);      // forward()",
    "Register the submodule under the condition that guards its use, expressed on the options the "
    "constructor has (if (options.stat_exog_size() > 0) ...), and test the holder before use. A fix-it "
    "wraps the registration when the use's condition can be tested in the constructor.",
}};

}  // namespace

const StaticRule& kUnconditionalSubmodule = kUnconditionalSubmoduleRule;

}  // namespace gradaudit::rules
