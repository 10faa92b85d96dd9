// The list of rules, lookups by id or name, and what every rule shares.
#include <fmt/format.h>

#include "common/input_error.h"
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

Severity parse_severity(const std::string& text, const std::string& what) {
  if (text == "note") return Severity::kNote;
  if (text == "warning") return Severity::kWarning;
  if (text == "error") return Severity::kError;
  throw InputError(what + ": expected 'note', 'warning' or 'error', got '" + text + "'");
}

std::string RuleInfo::page() const {
  return fmt::format("{}: {}\n\nkind: {}, default severity: {}\n\n{}\n\nExample: {}\n\nFix: {}\n\nPage: {}\n", tag(),
                     summary, kind == RuleKind::kStatic ? "static" : "dynamic", severity_name(severity), rationale,
                     example, fix, doc_path());
}

const std::vector<const StaticRule*>& static_rules() {
  static const std::vector<const StaticRule*> rules = {
      &kUnconditionalSubmodule, &kUnusedSubmodule,  &kUnguardedConditionalSubmodule,
      &kUnconditionalParameter, &kUnusedParameter, &kUnguardedConditionalMember,
  };
  return rules;
}

const std::vector<const DynamicRule*>& dynamic_rules() {
  static const std::vector<const DynamicRule*> rules = {
      &kNoGradient, &kZeroGradient, &kNonFiniteGradient, &kDataDependentUsage, &kForwardError,
  };
  return rules;
}

const std::vector<const Rule*>& all_rules() {
  static const std::vector<const Rule*> rules = [] {
    std::vector<const Rule*> all(static_rules().begin(), static_rules().end());
    all.insert(all.end(), dynamic_rules().begin(), dynamic_rules().end());
    return all;
  }();
  return rules;
}

const Rule* find_rule(const std::string& key) {
  for (const Rule* rule : all_rules())
    if (key == rule->id || key == rule->name || key == rule->tag()) return rule;
  return nullptr;
}

std::vector<DynamicFinding> ParameterRule::check(const ConfigurationObservation& observation) const {
  std::vector<DynamicFinding> out;
  if (!observation.ok) return out;
  for (const auto& p : observation.parameters)
    if (auto f = check_parameter(p)) out.push_back(std::move(*f));
  return out;
}

DynamicFinding ParameterRule::finding(const ParameterObservation& p, std::string message, std::string recommendation,
                                      const Cause* cause) const {
  DynamicFinding f;
  f.rule = this;
  f.parameter = p.name;
  f.cause = cause;
  f.message = std::move(message);
  f.recommendation = std::move(recommendation);
  return f;
}

std::vector<DynamicFinding> check_dynamic(const ConfigurationObservation& observation) {
  std::vector<DynamicFinding> out;
  for (const DynamicRule* rule : dynamic_rules()) {
    auto found = rule->check(observation);
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return out;
}

}  // namespace gradaudit::rules
