// An audit: every configuration probed (each distinct build once, in
// parallel), the dynamic rules applied, findings grouped and explained, and,
// on request, each distinct finding pattern confirmed by a real DDP run.
#pragma once

#include <string>
#include <vector>

#include "config/configuration.h"
#include "rules/dynamic_rule.h"
#include "trace/probe.h"
#include "trace/subject.h"

namespace gradaudit::trace {

// One configuration to audit.
struct AuditTarget {
  std::string label;                  // its name in reports
  config::Configuration config;       // its keys, used to explain findings
  SubjectFactory make_subject;        // builds the model for it
  config::Configuration model_config; // what `make_subject` receives
  std::string probe_key;              // targets with equal keys share one probe
  // Whether building draws weights from the global generator: such builds
  // are seeded from the configuration, one at a time, so runs repeat.
  bool seeded_build = true;
};

// One target per configuration. `make_subject` sees only the structural keys,
// and configurations that agree on them share one probe.
std::vector<AuditTarget> targets_for(const std::vector<config::Configuration>& configs,
                                     const std::vector<config::KeyInfo>& keys, SubjectFactory make_subject);

struct AuditOptions {
  AuditOptions() = default;
  AuditOptions(int batches, int jobs) : batches(batches), jobs(jobs) {}

  int batches = 3;         // several, to see data-dependent usage
  int jobs = 0;            // probes run in parallel; 0: one per core
  bool confirm_ddp = false;
  int ddp_world_size = 2;
  std::vector<std::string> explain_keys;  // keys that may explain findings; empty: all
};

// One rule's verdict on one parameter (or, for GA105, the model) in one
// configuration.
struct ParameterFinding {
  const rules::DynamicRule* rule;
  std::string parameter;  // "" for a finding about the configuration
  const rules::Cause* cause;
  std::string message;
  std::string recommendation;
  size_t target;
};

// The outcome of a real DDP run for one distinct finding pattern.
struct DdpCheck {
  size_t probe;                              // which probe's configuration was run
  int world_size = 2;
  std::vector<std::string> predicted_unused; // what the probe predicted the reducer would name
  bool failed = false;
  std::string error;
  std::vector<std::string> reported_unused;  // what the reducer named
  bool agrees = false;
};

// Findings with the same rule, cause and failing configurations, under one
// module prefix.
struct FindingGroup {
  const rules::DynamicRule* rule;
  const rules::Cause* cause;
  std::string prefix;                // "static_encoder." or "" when they share none
  std::vector<std::string> parameters;
  std::vector<size_t> targets;       // failing configurations
  std::string condition;             // what separates them from the passing ones
  std::vector<std::string> also_consistent_with;  // conditions on other keys that fit the sample too
  std::string deciding_configuration;             // one that would tell condition from the first of those
  std::string detail;                // for a finding about the model (GA105): what went wrong
  std::string recommendation;
  std::string message;               // one line: count, where, when
  int ddp_check = -1;                // index into AuditResult::ddp_checks, when run
};

struct AuditResult {
  std::vector<AuditTarget> targets;
  std::vector<size_t> probe_of;      // target -> its probe
  std::vector<ProbeResult> probes;   // one per distinct probe key
  std::vector<ParameterFinding> findings;
  std::vector<FindingGroup> groups;
  std::vector<DdpCheck> ddp_checks;
  size_t suppressed = 0;
  double seconds = 0.0;
};

// Drops findings the allow-list matches: each entry "RULE GLOB" (rule id or
// name, or *), GLOB over the parameter name.
using AllowList = std::vector<std::pair<std::string, std::string>>;

AuditResult run_audit(std::vector<AuditTarget> targets, const AuditOptions& options, const AllowList& allow = {});

// The longest dotted prefix shared by all names ("a.b." for "a.b.c", "a.b.d").
std::string common_module_prefix(const std::vector<std::string>& names);

}  // namespace gradaudit::trace
