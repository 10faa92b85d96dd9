// The pre-flight audit: before the first step, the model about to be trained
// is run through the trace engine (in-process, one configuration, two
// synthetic batches) and a model with parameters that would get no gradient
// is refused, naming them, the reason and the fixes.
#pragma once

#include <string>
#include <vector>

#include "config/configuration.h"
#include "forecasters/model_registry.h"

namespace gradaudit::train {

struct PreflightResult {
  bool ok = true;
  std::string report;  // what was found and how to fix it; empty when ok
  double seconds = 0.0;
};

// `config`: the resolved configuration of the run (model keys and the data
// schema's counts). `find_unused_parameters`: DDP will search for unused
// parameters, so unused-in-forward ones are tolerated.
PreflightResult preflight(const forecasters::ModelEntry& entry, const config::Configuration& config,
                          bool find_unused_parameters = false);
// The same over several configurations (a search space's), each built once;
// findings say under which keys' values they occur. `jobs` audit in parallel.
PreflightResult preflight(const forecasters::ModelEntry& entry, const std::vector<config::Configuration>& configs,
                          bool find_unused_parameters = false, int jobs = 1);

}  // namespace gradaudit::train
