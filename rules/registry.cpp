// The list of rules, and lookups by id or name.
#include <stdexcept>

#include "rules/dynamic_rule.h"
#include "rules/rule.h"
#include "rules/static_rule.h"

namespace gradaudit::rules {

const char* severity_name(Severity severity) {
  switch (severity) {
    case Severity::kNote: return "note";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "?";
}

Severity parse_severity(const std::string& text) {
  if (text == "note") return Severity::kNote;
  if (text == "warning") return Severity::kWarning;
  if (text == "error") return Severity::kError;
  throw std::invalid_argument("severity: expected 'note', 'warning' or 'error', got '" + text + "'");
}

const std::vector<DynamicRule>& dynamic_rules() {
  static const std::vector<DynamicRule> rules = {
      {&kNoGradient, check_no_gradient},
      {&kZeroGradient, check_zero_gradient},
      {&kNonFiniteGradient, check_non_finite_gradient},
      {&kDataDependentUsage, check_data_dependent_usage},
  };
  return rules;
}

extern StaticCheck kCheckUnconditionalSubmodule, kCheckUnusedSubmodule, kCheckUnguardedConditionalSubmodule,
    kCheckUnconditionalParameter, kCheckUnusedParameter, kCheckUnguardedConditionalMember;

const std::vector<StaticRule>& static_rules() {
  static const std::vector<StaticRule> rules = {
      {&kUnconditionalSubmodule, kCheckUnconditionalSubmodule},
      {&kUnusedSubmodule, kCheckUnusedSubmodule},
      {&kUnguardedConditionalSubmodule, kCheckUnguardedConditionalSubmodule},
      {&kUnconditionalParameter, kCheckUnconditionalParameter},
      {&kUnusedParameter, kCheckUnusedParameter},
      {&kUnguardedConditionalMember, kCheckUnguardedConditionalMember},
  };
  return rules;
}

std::vector<DynamicFinding> check_dynamic(const ParameterObservation& observation) {
  std::vector<DynamicFinding> out;
  for (const auto& rule : dynamic_rules())
    if (auto f = rule.check(observation)) out.push_back(std::move(*f));
  return out;
}

const std::vector<const RuleInfo*>& all_rules() {
  static const std::vector<const RuleInfo*> rules = {
      &kUnconditionalSubmodule, &kUnusedSubmodule, &kUnguardedConditionalSubmodule,
      &kUnconditionalParameter, &kUnusedParameter, &kUnguardedConditionalMember,
      &kNoGradient, &kZeroGradient, &kNonFiniteGradient, &kDataDependentUsage, &kForwardError,
  };
  return rules;
}

const RuleInfo* find_rule(const std::string& key) {
  for (const RuleInfo* rule : all_rules())
    if (key == rule->id || key == rule->name || key == rule->tag()) return rule;
  return nullptr;
}

}  // namespace gradaudit::rules
