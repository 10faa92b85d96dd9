// The lint report: clang-style text with source lines and carets, JSON,
// SARIF; and clang-tidy's export-fixes YAML.
#pragma once

#include <string>
#include <vector>

#include "rules/static_rule.h"

namespace gradaudit::report {

struct LintUnitError {
  std::string file;
  std::string diagnostics;  // clang's own
};

struct LintRun {
  std::vector<rules::StaticFinding> findings;
  std::vector<LintUnitError> errors;
  size_t files = 0;
  size_t suppressed = 0;
  double seconds = 0.0;
  bool warnings_as_errors = false;
};

std::string lint_text(const LintRun& run);
std::string lint_json(const LintRun& run);
std::string lint_sarif(const LintRun& run);
std::string lint_export_fixes(const LintRun& run);

}  // namespace gradaudit::report
