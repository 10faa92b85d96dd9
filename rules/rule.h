// What every gradaudit rule is: its identity, kind, default severity and the
// text `gradaudit rules ID` prints, plus its check. Each rule is one const
// object in its own file (rules/GAnnn_name.cpp), as clang-tidy has one class
// per check; rules/registry.cpp lists them.
#pragma once

#include <string>
#include <vector>

namespace gradaudit::rules {

enum class Severity { kNote, kWarning, kError };
enum class RuleKind { kStatic, kDynamic };

const char* severity_name(Severity severity);  // "note", "warning", "error"
// Parses "note" / "warning" / "error"; throws InputError naming `what`.
Severity parse_severity(const std::string& text, const std::string& what = "severity");

struct RuleInfo {
  const char* id;        // "GA101"
  const char* name;      // "no-gradient"
  RuleKind kind;
  Severity severity;     // default severity
  const char* summary;   // one line
  const char* rationale;
  const char* example;
  const char* fix;

  // "GA101/no-gradient", as diagnostics print it.
  std::string tag() const { return std::string(id) + "/" + name; }
  // Where the rule's page lives in the repository.
  std::string doc_path() const { return std::string("docs/rules/") + id + "-" + name + ".md"; }
  // The page `gradaudit rules ID` prints.
  std::string page() const;
};

// A rule: its info and (in the derived StaticRule / DynamicRule) its check.
// Rules are const objects with static storage, never copied or deleted.
class Rule : public RuleInfo {
 public:
  Rule(const Rule&) = delete;
  Rule& operator=(const Rule&) = delete;

 protected:
  explicit Rule(const RuleInfo& info) : RuleInfo(info) {}
  ~Rule() = default;
};

// Every rule, ordered by id.
const std::vector<const Rule*>& all_rules();
// By id ("GA101"), name ("no-gradient") or tag; nullptr when unknown.
const Rule* find_rule(const std::string& id_or_name);

}  // namespace gradaudit::rules
