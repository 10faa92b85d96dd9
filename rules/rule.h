// What every gradaudit rule declares: its identity, kind, default severity
// and the text `gradaudit rules ID` prints.
#pragma once

#include <string>
#include <vector>

namespace gradaudit::rules {

enum class Severity { kNote, kWarning, kError };
enum class RuleKind { kStatic, kDynamic };

const char* severity_name(Severity severity);  // "note", "warning", "error"
// Parses "note" / "warning" / "error"; throws std::invalid_argument.
Severity parse_severity(const std::string& text);

struct RuleInfo {
  const char* id;        // "GA101"
  const char* name;      // "no-gradient"
  RuleKind kind;
  Severity severity;     // default severity
  const char* summary;   // one line
  const char* rationale;
  const char* example;
  const char* fix;
  // How a group of affected parameters is described: "get no gradient".
  const char* symptom = "";

  // "GA101/no-gradient", as diagnostics print it.
  std::string tag() const { return std::string(id) + "/" + name; }
  // Where the rule's page lives in the repository.
  std::string doc_path() const { return std::string("docs/rules/") + id + "-" + name + ".md"; }
};

// Every rule, ordered by id.
const std::vector<const RuleInfo*>& all_rules();
// By id ("GA101") or name ("no-gradient"); nullptr when unknown.
const RuleInfo* find_rule(const std::string& id_or_name);

}  // namespace gradaudit::rules
