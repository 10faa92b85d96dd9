// Dynamic rules judge what a dry forward/backward pass observed in one
// configuration: each trainable parameter over the audited batches, and
// whether the model could be built and run at all.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/rule.h"

namespace gradaudit::rules {

// What the probe saw for one parameter, counted over the audited batches.
struct ParameterObservation {
  std::string name;  // as named_parameters() gives it
  int batches = 0;
  int with_gradient = 0;           // .grad defined after backward
  int reachable_from_outputs = 0;  // on the autograd graph of some forward output
  int all_zero = 0;                // .grad defined and zero everywhere
  int non_finite = 0;              // .grad holds NaN or Inf
};

// What the probe saw in one configuration.
struct ConfigurationObservation {
  bool ok = true;
  std::string error;  // why building or running the model failed, when !ok
  std::vector<ParameterObservation> parameters;  // trainable ones, in registration order
};

// Why a parameter is in a finding: decides which fix applies. Each cause is a
// constant defined by the rule that reports it.
struct Cause {
  const char* id;           // "unused-in-forward", as JSON reports it
  const char* explanation;  // "unused in forward: no forward output depends on them"
};
extern const Cause kUnusedInForward;       // GA101: find_unused_parameters would work, at a cost
extern const Cause kUsedButNotInLoss;      // GA101: the flag does not help
extern const Cause kChangesBetweenBatches; // GA104

class DynamicRule;

struct DynamicFinding {
  const DynamicRule* rule = nullptr;
  std::string parameter;         // "" for a finding about the configuration (GA105)
  const Cause* cause = nullptr;  // nullptr when the rule has one cause only
  std::string message;           // what happened, one sentence
  std::string recommendation;    // the fix that fits the cause
};

class DynamicRule : public Rule {
 public:
  struct Traits {
    const char* symptom_one;   // "gets no gradient": one parameter (or the model)
    const char* symptom_many;  // "get no gradient"
    // Whether a real DDP run (find_unused_parameters=false) fails on it, so
    // `--confirm-ddp` can check the prediction.
    bool confirmed_by_ddp = false;
  };

  DynamicRule(const RuleInfo& info, const Traits& traits) : Rule(info), traits_(traits) {}

  virtual std::vector<DynamicFinding> check(const ConfigurationObservation& observation) const = 0;

  // How a group of `count` affected parameters is described.
  const char* symptom(size_t count) const { return count == 1 ? traits_.symptom_one : traits_.symptom_many; }
  bool confirmed_by_ddp() const { return traits_.confirmed_by_ddp; }

 protected:
  ~DynamicRule() = default;

 private:
  Traits traits_;
};

// A dynamic rule that judges each parameter on its own, in configurations
// that ran.
class ParameterRule : public DynamicRule {
 public:
  using DynamicRule::DynamicRule;
  std::vector<DynamicFinding> check(const ConfigurationObservation& observation) const final;

 protected:
  ~ParameterRule() = default;
  virtual std::optional<DynamicFinding> check_parameter(const ParameterObservation& p) const = 0;
  // A finding of this rule about `p`.
  DynamicFinding finding(const ParameterObservation& p, std::string message, std::string recommendation,
                         const Cause* cause = nullptr) const;
};

// The dynamic rules, in id order.
const std::vector<const DynamicRule*>& dynamic_rules();
// Every dynamic rule's findings in one configuration.
std::vector<DynamicFinding> check_dynamic(const ConfigurationObservation& observation);

extern const DynamicRule& kNoGradient;
extern const DynamicRule& kZeroGradient;
extern const DynamicRule& kNonFiniteGradient;
extern const DynamicRule& kDataDependentUsage;
extern const DynamicRule& kForwardError;

}  // namespace gradaudit::rules
