#include "report/trace_report.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "report/sarif.h"
#include "report/version.h"

namespace gradaudit::report {
namespace {

using Json = nlohmann::ordered_json;
using trace::AuditResult;
using trace::FindingGroup;

const char* cause_id(const rules::Cause* cause) { return cause ? cause->id : ""; }

// A configuration as the model saw it: its structural keys, when it has any.
std::string example_label(const AuditResult& r, size_t target) {
  const auto& t = r.targets[target];
  return t.model_config.empty() ? t.label : config::configuration_label(t.model_config);
}

std::string ddp_text(const trace::DdpCheck& c) {
  std::string outcome = c.failed ? fmt::format("failed at its second iteration naming {} parameter(s)", c.reported_unused.size())
                                 : "ran two iterations without error";
  return fmt::format("{}-rank DDP run (find_unused_parameters=false) {}: {}", c.world_size, outcome,
                     c.agrees ? "as predicted" : "NOT as predicted");
}

}  // namespace

bool trace_fails(const AuditResult& result, rules::Severity threshold) {
  for (const auto& g : result.groups)
    if (g.rule->severity >= threshold) return true;
  for (const auto& c : result.ddp_checks)
    if (!c.agrees) return true;
  return false;
}

std::string trace_text(const AuditResult& r, const TraceReportContext& ctx) {
  std::string out;
  std::set<size_t> affected;
  std::map<rules::Severity, size_t> groups_by_severity;
  for (const auto& g : r.groups) {
    affected.insert(g.targets.begin(), g.targets.end());
    ++groups_by_severity[g.rule->severity];
  }
  out += fmt::format("gradaudit trace: {}: {} configurations ({} distinct builds), {} batches each, {:.2f} s\n",
                     ctx.subject, r.targets.size(), r.probes.size(), ctx.batches, r.seconds);
  if (r.groups.empty()) {
    out += "no findings: every trainable parameter receives a gradient in every configuration";
    out += r.suppressed ? fmt::format(" ({} suppressed by the allow-list)\n", r.suppressed) : "\n";
  } else {
    out += fmt::format("{} error group(s), {} warning group(s): {} finding(s) in {} of {} configurations{}\n",
                       groups_by_severity[rules::Severity::kError], groups_by_severity[rules::Severity::kWarning],
                       r.findings.size(), affected.size(), r.targets.size(),
                       r.suppressed ? fmt::format(", {} suppressed by the allow-list", r.suppressed) : "");
  }
  for (const auto& g : r.groups) {
    out += fmt::format("\n{}: {} [{}]\n", rules::severity_name(g.rule->severity), g.message, g.rule->tag());
    if (g.cause) out += fmt::format("  note: {}\n", g.cause->explanation);
    out += fmt::format("  note: fix: {}\n", g.recommendation);
    if (g.ddp_check >= 0) out += "  note: " + ddp_text(r.ddp_checks[g.ddp_check]) + "\n";
    out += fmt::format("  note: e.g. {}\n", example_label(r, g.targets.front()));
  }
  for (const auto& c : r.ddp_checks) {
    if (!c.predicted_unused.empty()) continue;
    const auto first = std::find(r.probe_of.begin(), r.probe_of.end(), c.probe) - r.probe_of.begin();
    out += fmt::format("\nnote: DDP cross-check of a configuration predicted clean ({}): {}\n",
                       example_label(r, static_cast<size_t>(first)), ddp_text(c));
    if (c.failed) out += "  note: " + c.error + "\n";
  }

  const bool any_parameter = std::any_of(r.groups.begin(), r.groups.end(), [](const auto& g) { return !g.parameters.empty(); });
  if (any_parameter) {  // GA105 findings are about the model: their group says it all
    out += "\ndetails:\n";
    for (const auto& g : r.groups) {
      if (g.parameters.empty()) continue;
      std::map<std::string, const trace::ParameterFinding*> first;
      for (const auto& f : r.findings)
        if (f.rule == g.rule && f.target == g.targets.front() && !first.count(f.parameter)) first[f.parameter] = &f;
      for (const auto& p : g.parameters) {
        const auto* f = first.count(p) ? first[p] : nullptr;
        const std::string& where = ctx.details_by_configuration ? r.targets[g.targets.front()].label : ctx.subject;
        out += fmt::format("{}:{}: {}: {}, in {} of {} configurations [{}]\n", where, p,
                           rules::severity_name(g.rule->severity), f ? f->message : g.rule->summary, g.targets.size(),
                           r.targets.size(), g.rule->tag());
      }
    }
  }
  return out;
}

std::string trace_json(const AuditResult& r, const TraceReportContext& ctx) {
  Json configs = Json::array();
  for (size_t t = 0; t < r.targets.size(); ++t) {
    const auto& b = r.probes[r.probe_of[t]];
    configs.push_back({{"name", r.targets[t].label},
                       {"config", r.targets[t].config},
                       {"build", r.probe_of[t]},
                       {"ok", b.ok},
                       {"seconds", b.seconds}});
  }
  Json groups = Json::array();
  for (const auto& g : r.groups) {
    Json labels = Json::array();
    for (size_t t : g.targets) labels.push_back(r.targets[t].label);
    Json group{{"rule", g.rule->name},
               {"id", g.rule->id},
               {"severity", rules::severity_name(g.rule->severity)},
               {"message", g.message},
               {"prefix", g.prefix},
               {"parameters", g.parameters},
               {"configurations", labels},
               {"condition", g.condition},
               {"also_consistent_with", g.also_consistent_with},
               {"deciding_configuration", g.deciding_configuration},
               {"cause", cause_id(g.cause)},
               {"recommendation", g.recommendation}};
    if (g.ddp_check >= 0) group["ddp_check"] = g.ddp_check;
    groups.push_back(std::move(group));
  }
  Json findings = Json::array();
  for (const auto& f : r.findings) {
    if (f.parameter.empty()) {  // about the configuration: the model could not be built or run
      findings.push_back({{"rule", f.rule->name},
                          {"id", f.rule->id},
                          {"severity", rules::severity_name(f.rule->severity)},
                          {"message", f.message},
                          {"configuration", r.targets[f.target].label}});
      continue;
    }
    findings.push_back({{"rule", f.rule->name},
                        {"id", f.rule->id},
                        {"severity", rules::severity_name(f.rule->severity)},
                        {"message", "parameter '" + f.parameter + "' " + f.message},
                        {"parameter", f.parameter},
                        {"configuration", r.targets[f.target].label},
                        {"cause", cause_id(f.cause)},
                        {"recommendation", f.recommendation}});
  }
  Json checks = Json::array();
  for (const auto& c : r.ddp_checks) {
    checks.push_back({{"build", c.probe},
                      {"world_size", c.world_size},
                      {"predicted_failure", !c.predicted_unused.empty()},
                      {"predicted_unused", c.predicted_unused},
                      {"failed", c.failed},
                      {"reported_unused", c.reported_unused},
                      {"error", c.error},
                      {"agrees", c.agrees}});
  }
  Json out{{"tool", "gradaudit"},
           {"version", kVersion},
           {"command", "trace"},
           {"subject", ctx.subject},
           {"batches", ctx.batches},
           {"summary",
            {{"configurations", r.targets.size()},
             {"builds", r.probes.size()},
             {"groups", r.groups.size()},
             {"findings", findings.size()},
             {"suppressed", r.suppressed},
             {"seconds", r.seconds}}},
           {"groups", groups},
           {"findings", findings},
           {"configurations", configs},
           {"ddp_checks", checks}};
  return out.dump(2) + "\n";
}

std::string trace_sarif(const AuditResult& r, const TraceReportContext& ctx) {
  const std::vector<const rules::Rule*> dynamic(rules::dynamic_rules().begin(), rules::dynamic_rules().end());
  // One result per group and parameter: per configuration would repeat the
  // same alert hundreds of times in a code-scanning view.
  std::vector<SarifResult> results;
  for (const auto& g : r.groups) {
    Json labels = Json::array();
    for (size_t t : g.targets) labels.push_back(r.targets[t].label);
    const std::vector<std::string> names = g.parameters.empty() ? std::vector<std::string>{""} : g.parameters;
    for (const auto& p : names) {
      SarifResult s;
      s.rule = g.rule;
      s.severity = g.rule->severity;
      s.message = (p.empty() ? "" : "parameter '" + p + "': ") + g.message + ". Fix: " + g.recommendation;
      s.uri = ctx.source;
      s.logical_name = p;
      s.properties = {{"configurations", labels}, {"condition", g.condition}};
      results.push_back(std::move(s));
    }
  }
  return sarif_log(dynamic, results, ctx.srcroot).dump(2) + "\n";
}

}  // namespace gradaudit::report
