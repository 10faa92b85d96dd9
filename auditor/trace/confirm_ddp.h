// Confirms a prediction with the real thing: a short DDP run (ranks as
// threads over Gloo, find_unused_parameters=false, two iterations, since the
// reducer reports at the start of the next one).
#pragma once

#include <vector>

#include "trace/audit.h"

namespace gradaudit::trace {

// The parameters the probe predicts a `world_size`-rank DDP run would name:
// those without gradient in a batch some rank sees in the first iteration
// (rank r runs batch seed r modulo the probe's batch count).
std::vector<std::string> predict_unused(const ProbeResult& probe, int world_size);

// Runs the target's model on `world_size` ranks and compares what the reducer
// names with what `probe` predicts.
DdpCheck run_ddp_check(const AuditTarget& target, const ProbeResult& probe, size_t probe_index, int world_size);

}  // namespace gradaudit::trace
