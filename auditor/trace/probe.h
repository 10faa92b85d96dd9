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

struct ProbeResult {
  bool ok = true;
  std::string error;  // first line of what build/forward/backward threw
  std::vector<rules::ParameterObservation> parameters;  // trainable ones, in registration order
  // used[b][p]: parameter p received a gradient in batch b (batch seed b).
  std::vector<std::vector<bool>> used;
  double seconds = 0.0;
};

// Runs `batches` batches (seeds 0..batches-1) through the subject.
ProbeResult probe_subject(const AuditSubject& subject, int batches);
// Builds the subject first; a throwing build is reported like a throwing forward.
ProbeResult probe(const SubjectFactory& build, const Configuration& config, int batches);

}  // namespace gradaudit::trace
