#include "train/preflight.h"

#include <fmt/format.h>

#include "forecasters/audit_targets.h"
#include "rules/dynamic_rule.h"

namespace gradaudit::train {

PreflightResult preflight(const forecasters::ModelEntry& entry, const config::Configuration& config,
                          bool find_unused_parameters) {
  return preflight(entry, std::vector<config::Configuration>{config}, find_unused_parameters);
}

PreflightResult preflight(const forecasters::ModelEntry& entry, const std::vector<config::Configuration>& configs,
                          bool find_unused_parameters, int jobs) {
  trace::AuditOptions options(/*batches=*/2, jobs);
  const trace::AuditResult audit = trace::run_audit(forecasters::audit_targets(entry, configs), options);
  PreflightResult result;
  result.seconds = audit.seconds;
  for (const auto& g : audit.groups) {
    // Only what fails a DDP job (or the run) stops it; warnings do not.
    if (g.rule->severity != rules::Severity::kError) continue;
    if (find_unused_parameters && g.cause == &rules::kUnusedInForward) continue;
    result.ok = false;
    result.report += fmt::format("pre-flight: {} [{}]\n", g.message, g.rule->tag());
    const size_t shown = std::min<size_t>(g.parameters.size(), 8);
    for (size_t i = 0; i < shown; ++i) result.report += "  " + g.parameters[i] + "\n";
    if (g.parameters.size() > shown) result.report += fmt::format("  ... and {} more\n", g.parameters.size() - shown);
    if (g.cause) result.report += fmt::format("  why: {}\n", g.cause->explanation);
    if (g.cause == &rules::kUnusedInForward) {
      result.report +=
          "  fix: construct these submodules only for the configurations that use them, or train with "
          "--find-unused-parameters (DDP then searches the graph every step, at a cost)\n";
    } else {
      result.report += fmt::format("  fix: {}\n", g.recommendation);
    }
  }
  if (!result.ok) result.report += "  (--no-preflight skips this check)\n";
  return result;
}

}  // namespace gradaudit::train
