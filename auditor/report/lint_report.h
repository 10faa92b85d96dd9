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

// Something the tool says about its own coverage, not a finding: a module
// class without a recognised registration, a registration it cannot follow.
struct LintNote {
  rules::Site at;
  std::string message;
};

struct LintRun {
  std::vector<rules::StaticFinding> findings;
  std::vector<LintUnitError> errors;
  std::vector<LintNote> notes;
  size_t files = 0;
  size_t suppressed = 0;
  size_t module_classes = 0;  // analysed
  size_t registrations = 0;   // recognised and tied to a member
  double seconds = 0.0;
  bool warnings_as_errors = false;
  std::string srcroot;  // SARIF URIs are relative to it ("" : as analysed)
};

// A finding's severity as every format reports it: the rule's, with
// warnings raised to errors under --warnings-as-errors.
rules::Severity severity_of(const LintRun& run, const rules::StaticFinding& finding);
// Whether some finding is at or above `threshold` (--fail-on).
bool lint_fails(const LintRun& run, rules::Severity threshold);

// Findings, their notes, coverage notes and the summary; clang's parse
// errors are not in it (the command prints them on stderr).
std::string lint_text(const LintRun& run);
std::string lint_json(const LintRun& run);
std::string lint_sarif(const LintRun& run);
std::string lint_export_fixes(const LintRun& run);

}  // namespace gradaudit::report
