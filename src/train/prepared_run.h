// A run made ready to train, before any rank meets another: its record (new,
// or read from the folder it resumes) with the spec resolved against the
// data, the model it trains and the data set. The launcher prepares a run
// once to check it and audit it; every rank prepares its own to train it.
#pragma once

#include "data/dataset.h"
#include "forecasters/model_registry.h"
#include "train/checkpoint.h"
#include "train/preflight.h"
#include "train/train_request.h"

namespace gradaudit::train {

struct PreparedRun {
  Checkpoint checkpoint;
  const forecasters::ModelEntry* entry = nullptr;
  data::Dataset data;
};

// Throws InputError for bad data, a bad configuration, a folder to resume
// that is not a run, or a new run into a folder that already holds one.
PreparedRun prepare_run(const forecasters::ModelRegistry& registry, const TrainRequest& request);

// The pre-flight audit of the configuration about to be trained; with
// --find-unused-parameters, parameters unused in forward are tolerated.
PreflightResult preflight_run(const PreparedRun& run, const TrainRequest& request);

}  // namespace gradaudit::train
