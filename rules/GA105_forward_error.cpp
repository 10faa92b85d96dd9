// GA105 forward-error: building the model or running its forward/backward
// pass threw for a configuration. The rest of the audit goes on.
#include "rules/dynamic_rule.h"

namespace gradaudit::rules {
namespace {

class ForwardError final : public DynamicRule {
 public:
  using DynamicRule::DynamicRule;

  std::vector<DynamicFinding> check(const ConfigurationObservation& observation) const override {
    if (observation.ok) return {};
    DynamicFinding f;
    f.rule = this;
    f.message = observation.error;
    f.recommendation = fix;
    return {f};
  }
};

const ForwardError kForwardErrorRule{
    {
        "GA105",
        "forward-error",
        RuleKind::kDynamic,
        Severity::kError,
        "the model could not be built or run for a configuration",
        "A configuration of the space for which construction, forward or backward throws would fail the "
        "training job as surely as a missing gradient, only earlier. It is reported for that configuration and "
        "the audit goes on with the others.",
        "n_head that does not divide hidden_size; an input shape the model does not accept.",
        "Fix the model for that configuration, or remove the configuration from the space.",
    },
    {"fails to build or run", "fail to build or run"}};

}  // namespace

const DynamicRule& kForwardError = kForwardErrorRule;

}  // namespace gradaudit::rules
