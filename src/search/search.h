// `tft auto`: a hyperparameter search over a space (NeuralForecast's AutoTFT
// default, or a space file), every structural configuration audited before
// the first trial, trials run as `tft train` processes in parallel, sampled
// at random or by TPE, stopped early by ASHA, recorded as they end, and
// resumable. The best trial's run folder is kept as DIR/best.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "forecasters/model_registry.h"
#include "train/run_spec.h"

namespace gradaudit::search {

struct SearchRequest {
  // The model, the data and the keys set by flags or a run file: fixed over
  // the space (a key set here is not searched).
  train::RunSpec base;
  std::string space_path;          // "" : NeuralForecast's AutoTFT default
  int64_t num_samples = 0;         // 0: the space's random.samples
  int64_t seed = -1;               // -1: the space's random.seed
  std::string sampler = "random";  // random, tpe
  int64_t tpe_startup_trials = 5;
  std::string scheduler = "none";  // none, asha
  int64_t grace_period = 100;      // ASHA: steps before the first rung
  int64_t reduction_factor = 4;    // ASHA: keep the best 1/reduction_factor at each rung
  int parallel = 1;                // trials at once
  std::string devices = "auto";    // cpu, cuda, auto: one GPU per trial
  std::string dir;
  bool preflight = true;
  bool preflight_only = false;
  bool quiet = false;
  std::FILE* out = stderr;
};

struct SearchResult {
  enum class Outcome { kFinished, kRefused, kPreflightPassed, kInterrupted };
  Outcome outcome = Outcome::kFinished;
  std::string preflight_report;  // the audit's findings (refused) or summary
  int trials = 0;                // trials recorded, over every resumption
  int failed = 0;
  int best_trial = -1;           // -1: no trial with a validation loss
  double best_valid_loss = 0;
};

// Throws InputError for a bad space, data, folder or option.
SearchResult run_search(const forecasters::ModelRegistry& registry, const SearchRequest& request);
// Continues the search recorded in `dir` (DIR/search.json); `parallel` > 0
// overrides the recorded number of workers.
SearchResult resume_search(const forecasters::ModelRegistry& registry, const std::string& dir, int parallel,
                           bool quiet);

}  // namespace gradaudit::search
