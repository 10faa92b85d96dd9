#include "report/sarif.h"

#include "report/version.h"

namespace gradaudit::report {
namespace {

using Json = nlohmann::ordered_json;

const char* sarif_level(rules::Severity s) {
  switch (s) {
    case rules::Severity::kError: return "error";
    case rules::Severity::kWarning: return "warning";
    case rules::Severity::kNote: return "note";
  }
  return "none";
}

Json rule_descriptor(const rules::RuleInfo& rule) {
  // GitHub ignores helpUri: the page's location goes into the help text.
  const std::string help = std::string(rule.summary) + "\n\n" + rule.rationale + "\n\nFix: " + rule.fix +
                           "\n\nDocumentation: " + rule.doc_path();
  return Json{{"id", rule.id},
              {"name", rule.name},
              {"shortDescription", {{"text", rule.summary}}},
              {"fullDescription", {{"text", rule.rationale}}},
              {"help", {{"text", help}, {"markdown", help}}},
              {"defaultConfiguration", {{"level", sarif_level(rule.severity)}}},
              {"properties", {{"tags", Json::array({rule.kind == rules::RuleKind::kStatic ? "static" : "dynamic"})}}}};
}

}  // namespace

nlohmann::ordered_json sarif_log(const std::vector<const rules::Rule*>& rule_list,
                                 const std::vector<SarifResult>& results) {
  Json rules = Json::array();
  for (const auto* rule : rule_list) rules.push_back(rule_descriptor(*rule));
  Json out = Json::array();
  for (const auto& r : results) {
    size_t index = 0;
    while (index < rule_list.size() && rule_list[index] != r.rule) ++index;
    Json result{{"ruleId", r.rule->id}, {"ruleIndex", index}, {"level", sarif_level(r.severity)},
                {"message", {{"text", r.message}}}};
    Json location = Json::object();
    if (!r.uri.empty()) {
      Json region{{"startLine", r.start_line}, {"startColumn", r.start_column}};
      if (r.end_line > 0) region["endLine"] = r.end_line;
      if (r.end_column > 0) region["endColumn"] = r.end_column;
      location["physicalLocation"] = {{"artifactLocation", {{"uri", r.uri}}}, {"region", region}};
    }
    if (!r.logical_name.empty())
      location["logicalLocations"] = Json::array({{{"fullyQualifiedName", r.logical_name}, {"kind", "member"}}});
    if (!location.empty()) result["locations"] = Json::array({location});
    if (!r.related.empty()) {
      Json related = Json::array();
      for (size_t i = 0; i < r.related.size(); ++i) {
        const auto& n = r.related[i];
        related.push_back({{"id", i},
                           {"message", {{"text", n.message}}},
                           {"physicalLocation",
                            {{"artifactLocation", {{"uri", n.uri}}},
                             {"region", {{"startLine", n.line}, {"startColumn", n.column}}}}}});
      }
      result["relatedLocations"] = related;
    }
    if (!r.properties.empty()) result["properties"] = r.properties;
    out.push_back(std::move(result));
  }
  return Json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({{{"tool",
                                       {{"driver",
                                         {{"name", "gradaudit"},
                                          {"version", kVersion},
                                          {"rules", rules}}}}},
                                      {"results", out}}})}};
}

}  // namespace gradaudit::report
