#include "report/lint_report.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "common/text.h"
#include "report/sarif.h"
#include "report/version.h"

namespace gradaudit::report {
namespace {

using Json = nlohmann::ordered_json;

// clang's layout: the diagnostic, the source line, a caret under the column.
std::string diagnostic(const rules::Site& at, const std::string& level, const std::string& message) {
  std::string out = fmt::format("{}:{}:{}: {}: {}\n", at.file, at.line, at.column, level, message);
  const std::string line = source_line(at.file, at.line);
  if (!line.empty()) {
    std::string caret;
    for (unsigned i = 1; i < at.column && i - 1 < line.size(); ++i) caret += line[i - 1] == '\t' ? '\t' : ' ';
    out += line + "\n" + caret + "^\n";
  }
  return out;
}

std::vector<const rules::Rule*> static_rule_list() {
  return {rules::static_rules().begin(), rules::static_rules().end()};
}

}  // namespace

rules::Severity severity_of(const LintRun& run, const rules::StaticFinding& finding) {
  const rules::Severity s = finding.rule->severity;
  return run.warnings_as_errors && s == rules::Severity::kWarning ? rules::Severity::kError : s;
}

bool lint_fails(const LintRun& run, rules::Severity threshold) {
  return std::any_of(run.findings.begin(), run.findings.end(),
                     [&](const rules::StaticFinding& f) { return severity_of(run, f) >= threshold; });
}

std::string lint_text(const LintRun& run) {
  std::string out;
  for (const auto& f : run.findings) {
    out += diagnostic(f.at, rules::severity_name(severity_of(run, f)), f.message + " [" + f.rule->tag() + "]");
    if (f.note_at) out += diagnostic(*f.note_at, "note", f.note);
    // Last, as clang prints its fix-its: where the text goes, then what.
    if (f.fix) {
      rules::Site at;
      at.file = f.fix->file;
      at.line = f.fix->line;
      at.column = f.fix->column;
      out += diagnostic(at, "note", fmt::format("fix-it: insert '{}' before the registration", f.fix->replacement));
    }
  }
  for (const auto& n : run.notes) out += fmt::format("{}:{}:{}: note: {}\n", n.at.file, n.at.line, n.at.column, n.message);
  out += fmt::format("{} finding(s) in {} file(s) ({} module class(es), {} registration(s) checked){}{}\n",
                     run.findings.size(), run.files, run.module_classes, run.registrations,
                     run.suppressed ? fmt::format(", {} suppressed", run.suppressed) : "",
                     run.errors.empty() ? ""
                                        : fmt::format(", {} file(s) did not parse (exit code 2: a file that did not "
                                                      "parse takes precedence over findings)",
                                                      run.errors.size()));
  return out;
}

std::string lint_json(const LintRun& run) {
  Json findings = Json::array();
  for (const auto& f : run.findings) {
    Json j{{"rule", f.rule->name},
           {"id", f.rule->id},
           {"severity", rules::severity_name(severity_of(run, f))},
           {"message", f.message},
           {"file", f.at.file},
           {"line", f.at.line},
           {"column", f.at.column}};
    if (f.note_at)
      j["notes"] = Json::array({{{"message", f.note}, {"file", f.note_at->file}, {"line", f.note_at->line},
                                 {"column", f.note_at->column}}});
    if (f.fix)
      j["fix"] = {{"file", f.fix->file}, {"offset", f.fix->offset}, {"length", f.fix->length},
                  {"replacement", f.fix->replacement}};
    findings.push_back(std::move(j));
  }
  Json notes = Json::array();
  for (const auto& n : run.notes)
    notes.push_back({{"message", n.message}, {"file", n.at.file}, {"line", n.at.line}, {"column", n.at.column}});
  Json errors = Json::array();
  for (const auto& e : run.errors) errors.push_back({{"file", e.file}, {"diagnostics", e.diagnostics}});
  Json out{{"tool", "gradaudit"},
           {"version", kVersion},
           {"command", "lint"},
           {"summary",
            {{"files", run.files},
             {"module_classes", run.module_classes},
             {"registrations", run.registrations},
             {"findings", run.findings.size()},
             {"suppressed", run.suppressed},
             {"errors", run.errors.size()},
             {"seconds", run.seconds}}},
           {"findings", findings},
           {"notes", notes},
           {"errors", errors}};
  return out.dump(2) + "\n";
}

std::string lint_sarif(const LintRun& run) {
  std::vector<SarifResult> results;
  for (const auto& f : run.findings) {
    SarifResult s;
    s.rule = f.rule;
    s.severity = severity_of(run, f);
    s.message = f.message;
    s.uri = f.at.file;
    s.start_line = static_cast<int>(f.at.line);
    s.start_column = static_cast<int>(f.at.column);
    s.end_line = static_cast<int>(f.at.line);
    if (f.note_at) {
      s.related.push_back({f.note_at->file, static_cast<int>(f.note_at->line), static_cast<int>(f.note_at->column),
                           f.note});
    }
    results.push_back(std::move(s));
  }
  return sarif_log(static_rule_list(), results, run.srcroot).dump(2) + "\n";
}

std::string lint_export_fixes(const LintRun& run) {
  YAML::Emitter y;
  y << YAML::BeginDoc << YAML::BeginMap << YAML::Key << "MainSourceFile" << YAML::Value << "";
  y << YAML::Key << "Diagnostics" << YAML::Value << YAML::BeginSeq;
  for (const auto& f : run.findings) {
    if (!f.fix) continue;
    y << YAML::BeginMap << YAML::Key << "DiagnosticName" << YAML::Value << std::string("gradaudit-") + f.rule->name;
    y << YAML::Key << "DiagnosticMessage" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "Message" << YAML::Value << f.message;
    y << YAML::Key << "FilePath" << YAML::Value << f.at.file;
    y << YAML::Key << "FileOffset" << YAML::Value << f.fix->offset;
    y << YAML::Key << "Replacements" << YAML::Value << YAML::BeginSeq << YAML::BeginMap;
    y << YAML::Key << "FilePath" << YAML::Value << f.fix->file;
    y << YAML::Key << "Offset" << YAML::Value << f.fix->offset;
    y << YAML::Key << "Length" << YAML::Value << f.fix->length;
    y << YAML::Key << "ReplacementText" << YAML::Value << f.fix->replacement;
    y << YAML::EndMap << YAML::EndSeq << YAML::EndMap;
    y << YAML::Key << "Level" << YAML::Value << (severity_of(run, f) == rules::Severity::kError ? "Error" : "Warning") << YAML::EndMap;
  }
  y << YAML::EndSeq << YAML::EndMap << YAML::EndDoc;
  return std::string(y.c_str()) + "\n";
}

}  // namespace gradaudit::report
