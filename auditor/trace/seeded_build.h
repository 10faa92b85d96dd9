// Repeatable audits. Registered models draw their initial weights, and
// dropout its masks, from LibTorch's global generator, which every thread
// shares: with probes in parallel, what a build or a forward pass drew
// depended on what ran beside it, and so could a finding (an all-zero
// gradient under one dropout mask and not another). Builds and forward
// passes therefore draw one at a time, each from the generator seeded for
// it: builds from their configuration, forward passes from their
// configuration and batch. Backward passes, most of the time, still run in
// parallel.
#pragma once

#include <cstdint>

#include "trace/subject.h"

namespace gradaudit::trace {

// The seed a configuration's build gets: FNV-1a of its canonical JSON text.
uint64_t configuration_seed(const config::Configuration& model_config);

// Builds the subject; when `seeded`, alone, from the generator seeded with
// configuration_seed(model_config). Unseeded builds (weights from a file)
// run in parallel.
AuditSubject build_subject(const SubjectFactory& make_subject, const config::Configuration& model_config, bool seeded);

// subject.forward(batch), alone, from the generator seeded for
// (`subject_seed`, `batch`) -- or, for a forward that draws nothing, as is.
ForwardResult seeded_forward(const AuditSubject& subject, uint64_t subject_seed, uint64_t batch);

}  // namespace gradaudit::trace
