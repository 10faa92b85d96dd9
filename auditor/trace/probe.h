// The dry run: forward and backward on a few synthetic batches of one
// configuration, recording for every trainable parameter whether it got a
// gradient, whether it is on the graph of some output, and what the gradient
// looked like.
#pragma once

#include <string>
#include <vector>

#include "rules/dynamic_rule.h"
#include "trace/subject.h"

namespace gradaudit::trace {

// What the dynamic rules judge (ok, error: the first line of what building,
// forward or backward threw; per-parameter counts), plus what DDP
// confirmation needs.
struct ProbeResult : rules::ConfigurationObservation {
  // used[b][p]: parameter p received a gradient in batch b (batch seed b).
  std::vector<std::vector<bool>> used;
  double seconds = 0.0;
};

// Runs `batches` batches (seeds 0..batches-1) through the subject; forward
// passes draw from the global generator seeded from `seed` and the batch.
ProbeResult probe_subject(const AuditSubject& subject, int batches, uint64_t seed = 0);
// Builds the subject first (seeded: see seeded_build.h); a throwing build is
// reported like a throwing forward, except UnusableInput, which propagates.
ProbeResult probe(const SubjectFactory& make_subject, const config::Configuration& model_config, int batches,
                  bool seeded_build = false);

}  // namespace gradaudit::trace
