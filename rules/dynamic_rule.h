// Dynamic rules judge what a dry forward/backward pass observed about one
// trainable parameter over the batches of one configuration.
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

// Why a parameter is in a finding: decides which fix applies.
enum class Cause {
  kNone,
  kUnusedInForward,      // not reachable from any output: find_unused_parameters would work, at a cost
  kUsedButNotInLoss,     // reachable from an output the loss ignores: the flag does not help
  kChangesBetweenBatches,
};

struct DynamicFinding {
  const RuleInfo* rule = nullptr;
  std::string parameter;
  Cause cause = Cause::kNone;
  std::string message;         // what happened, one sentence
  std::string recommendation;  // the fix that fits the cause
};

using DynamicCheck = std::optional<DynamicFinding> (*)(const ParameterObservation&);

struct DynamicRule {
  const RuleInfo* info;
  DynamicCheck check;
};

// The per-parameter dynamic rules, in id order.
const std::vector<DynamicRule>& dynamic_rules();
// Every dynamic rule's verdict on one parameter.
std::vector<DynamicFinding> check_dynamic(const ParameterObservation& observation);

// Rule infos defined in their own files.
extern const RuleInfo kNoGradient;
extern const RuleInfo kZeroGradient;
extern const RuleInfo kNonFiniteGradient;
extern const RuleInfo kDataDependentUsage;
extern const RuleInfo kForwardError;

std::optional<DynamicFinding> check_no_gradient(const ParameterObservation& p);
std::optional<DynamicFinding> check_zero_gradient(const ParameterObservation& p);
std::optional<DynamicFinding> check_non_finite_gradient(const ParameterObservation& p);
std::optional<DynamicFinding> check_data_dependent_usage(const ParameterObservation& p);

}  // namespace gradaudit::rules
