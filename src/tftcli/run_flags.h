// The flags that describe a training run (`tft train`, `tft cv`): the model,
// the data and its column roles, a run file, model and training keys; and
// how the run reports (threads, quiet, verbose).
#pragma once

#include <string>

#include "tftcli/config_flags.h"
#include "train/run_spec.h"
#include "train/trainer.h"

namespace gradaudit::tftcli {

struct RunFlags {
  ConfigFlags config;
  std::string config_file;
  std::string model = "tft";
  std::string data, static_path, freq;
  int threads = 0;
  bool quiet = false, verbose = false, no_preflight = false;
};

// with_step_size: also --step-size for the training windows.
void add_run_flags(CLI::App& app, RunFlags& flags, bool with_step_size = true);

// The run file, then the flags over it. Throws InputError for a missing
// --data or a bad run file.
train::RunSpec run_spec_from(const RunFlags& flags);
train::TrainRequest train_request_from(const RunFlags& flags);

}  // namespace gradaudit::tftcli
