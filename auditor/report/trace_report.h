// The trace report in its three formats. Text: a summary first (one line per
// finding group, explained), then one line per parameter.
#pragma once

#include <string>

#include "rules/rule.h"
#include "trace/audit.h"

namespace gradaudit::report {

struct TraceReportContext {
  std::string subject;  // "tft-unconditional-static", a TorchScript path, a manifest
  std::string source;   // the file findings are anchored to in SARIF ("" for none)
  std::string srcroot;  // SARIF URIs are relative to it ("" : as given)
  int batches = 0;
  // Text details name each finding's configuration (a manifest entry's name)
  // instead of the subject (the manifest's path).
  bool details_by_configuration = false;
};

std::string trace_text(const trace::AuditResult& result, const TraceReportContext& context);
std::string trace_json(const trace::AuditResult& result, const TraceReportContext& context);
std::string trace_sarif(const trace::AuditResult& result, const TraceReportContext& context);

// Whether the result holds a finding at or above `threshold` (or a DDP
// cross-check that disagreed with its prediction).
bool trace_fails(const trace::AuditResult& result, rules::Severity threshold);

}  // namespace gradaudit::report
