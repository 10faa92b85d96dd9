#include "lint/suppressions.h"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "common/input_error.h"
#include "common/utf8_text.h"
#include "common/text.h"

namespace gradaudit::lint {
namespace {

// "NOLINT", "NOLINT(gradaudit-*)", "NOLINT(gradaudit-unused-submodule, ...)".
bool nolint_matches(const std::string& text, const std::string& marker, const rules::RuleInfo& rule) {
  const auto at = text.find(marker);
  if (at == std::string::npos) return false;
  const auto open = at + marker.size();
  if (open >= text.size() || text[open] != '(') return true;  // bare NOLINT: every check
  const auto close = text.find(')', open);
  const std::string list = text.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
  const std::string check = std::string("gradaudit-") + rule.name;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (fnmatch(item.c_str(), check.c_str(), 0) == 0 || item == rule.id) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

bool ignore_comment(const std::string& text, const rules::RuleInfo& rule) {
  const std::string marker = "gradaudit: ignore";
  const auto at = text.find(marker);
  if (at == std::string::npos) return false;
  const std::string rest = text.substr(at + marker.size());
  if (rest.find_first_not_of(" \t") == std::string::npos) return true;  // every rule
  return rest.find(rule.id) != std::string::npos || rest.find(rule.name) != std::string::npos;
}

}  // namespace

bool suppressed_by_comment(const rules::StaticFinding& f) {
  const std::string same = source_line(f.at.file, f.at.line);
  const std::string before = f.at.line > 1 ? source_line(f.at.file, f.at.line - 1) : "";
  const bool same_line = nolint_matches(same, "NOLINT", *f.rule) && same.find("NOLINTNEXTLINE") == std::string::npos;
  return same_line || nolint_matches(before, "NOLINTNEXTLINE", *f.rule) || ignore_comment(same, *f.rule);
}

bool suppressed_by_config(const rules::StaticFinding& f, const LintConfig& config) {
  for (const auto& d : config.disabled)
    if (d == f.rule->id || d == f.rule->name) return true;
  const std::string qualified = f.class_name + "::" + f.member;
  return std::any_of(config.ignored.begin(), config.ignored.end(),
                     [&](const std::string& glob) { return fnmatch(glob.c_str(), qualified.c_str(), 0) == 0; });
}

LintConfig read_lint_config(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(read_utf8_file(path, "configuration file"));
  } catch (const YAML::ParserException& e) {
    throw InputError(path + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                     ": not valid YAML: " + e.msg);
  }
  LintConfig config;
  if (!root || root.IsNull()) return config;
  auto where = [&](const YAML::Node& n, const std::string& what) {
    return path + ":" + std::to_string(n.Mark().line + 1) + ":" + std::to_string(n.Mark().column + 1) + ": " + what;
  };
  if (!root.IsMap()) throw InputError(where(root, "expected a mapping with 'disable' and/or 'ignore'"));
  for (const auto& entry : root) {
    const std::string key = entry.first.Scalar();
    if (key != "disable" && key != "ignore") throw InputError(where(entry.first, key + ": unknown key (expected disable, ignore)"));
    if (!entry.second.IsSequence()) throw InputError(where(entry.second, key + ": expected a list"));
    for (const auto& item : entry.second) {
      if (!item.IsScalar()) throw InputError(where(item, key + ": expected strings"));
      if (key == "disable" && !rules::find_rule(item.Scalar()))
        throw InputError(where(item, "disable: unknown rule '" + item.Scalar() + "'"));
      (key == "disable" ? config.disabled : config.ignored).push_back(item.Scalar());
    }
  }
  return config;
}

}  // namespace gradaudit::lint
