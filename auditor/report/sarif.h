// SARIF 2.1.0 as GitHub code scanning reads it.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "rules/rule.h"

namespace gradaudit::report {

struct SarifResult {
  const rules::RuleInfo* rule;
  rules::Severity severity;
  std::string message;
  std::string uri;  // empty: no physical location (a logical one only)
  int start_line = 1, start_column = 1, end_line = 0, end_column = 0;
  std::string logical_name;  // e.g. a parameter's dotted name
  struct Related {
    std::string uri;
    int line = 1, column = 1;
    std::string message;
  };
  std::vector<Related> related;  // notes: the use site of a lint finding
  nlohmann::ordered_json properties = nlohmann::ordered_json::object();
};

// A run of gradaudit with every rule of `rules` in tool.driver.rules. With a
// `srcroot` (an absolute folder), file locations under it are relative URIs
// with uriBaseId "%SRCROOT%" (as code scanning wants them; an absolute path
// is SARIF1004 for Microsoft's validator), others file:// URIs.
nlohmann::ordered_json sarif_log(const std::vector<const rules::Rule*>& rules,
                                 const std::vector<SarifResult>& results, const std::string& srcroot = "");

}  // namespace gradaudit::report
