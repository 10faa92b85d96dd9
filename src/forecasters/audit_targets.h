// Registered models as audit subjects: built from a configuration's
// structural keys and run on synthetic batches of the shapes the options
// imply. What `gradaudit trace --model` and the trainer's pre-flight audit.
#pragma once

#include <cstdint>
#include <vector>

#include "config/configuration.h"
#include "forecasters/model_registry.h"
#include "trace/audit.h"

namespace gradaudit::forecasters {

// The space the model's entry ships with (its `default_space`), enumerated.
std::vector<config::Configuration> default_configurations(const ModelEntry& entry);

// One audit target per configuration; configurations that agree on the
// structural keys share one probe.
std::vector<trace::AuditTarget> audit_targets(const ModelEntry& entry, const std::vector<config::Configuration>& configs);

// A training batch of `batch` windows drawn from its own generator: the same
// seed always gives the same batch, whatever else runs.
tft::TrainingBatch synthetic_batch(const tft::TFTOptions& options, uint64_t seed, int64_t batch = 2);

}  // namespace gradaudit::forecasters
