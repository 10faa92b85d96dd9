// Suppressing lint findings: a comment on the registration's line, like
// clang-tidy's NOLINT, or a configuration file.
//
//   static_encoder = register_module(...);  // NOLINT(gradaudit-unconditional-submodule)
//   static_encoder = register_module(...);  // gradaudit: ignore GA001
//   // NOLINTNEXTLINE(gradaudit-*)          (on the line before)
//
// Configuration file (YAML, `--config`; `.gradaudit.yaml` in the current
// folder when present):
//   disable: [GA002, unused-parameter]     # rules not to run
//   ignore: ["my::ModelImpl::head"]       # Class::member globs
#pragma once

#include <string>
#include <vector>

#include "rules/static_rule.h"

namespace gradaudit::lint {

struct LintConfig {
  std::vector<std::string> disabled;  // rule ids or names
  std::vector<std::string> ignored;   // "Class::member" globs
};

// Throws InputError "file:line:col: key: ..." for a malformed file.
LintConfig read_lint_config(const std::string& path);

bool suppressed_by_comment(const rules::StaticFinding& finding);
bool suppressed_by_config(const rules::StaticFinding& finding, const LintConfig& config);

}  // namespace gradaudit::lint
