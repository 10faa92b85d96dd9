#include "report/sarif.h"

#include <cctype>

#include <filesystem>

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

// RFC 3986: every byte but the unreserved ones and '/' percent-encoded.
std::string uri_path(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// An artifactLocation for `file`: relative to `srcroot` when under it.
Json artifact_location(const std::string& file, const std::string& srcroot) {
  if (srcroot.empty()) return Json{{"uri", file}};
  namespace fs = std::filesystem;
  const fs::path absolute = fs::weakly_canonical(fs::absolute(file));
  const fs::path relative = absolute.lexically_relative(srcroot);
  if (!relative.empty() && *relative.begin() != "..")
    return Json{{"uri", uri_path(relative.generic_string())}, {"uriBaseId", "%SRCROOT%"}};
  return Json{{"uri", "file://" + uri_path(absolute.generic_string())}};
}

}  // namespace

nlohmann::ordered_json sarif_log(const std::vector<const rules::Rule*>& rule_list,
                                 const std::vector<SarifResult>& results, const std::string& srcroot) {
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
      location["physicalLocation"] = {{"artifactLocation", artifact_location(r.uri, srcroot)}, {"region", region}};
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
                            {{"artifactLocation", artifact_location(n.uri, srcroot)},
                             {"region", {{"startLine", n.line}, {"startColumn", n.column}}}}}});
      }
      result["relatedLocations"] = related;
    }
    if (!r.properties.empty()) result["properties"] = r.properties;
    out.push_back(std::move(result));
  }
  Json run{{"tool", {{"driver", {{"name", "gradaudit"}, {"version", kVersion}, {"rules", rules}}}}}};
  if (!srcroot.empty()) {
    std::string root = "file://" + uri_path(std::filesystem::path(srcroot).generic_string());
    if (root.back() != '/') root += '/';
    run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", root}}}};
  }
  run["results"] = out;
  return Json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", Json::array({run})}};
}

}  // namespace gradaudit::report
