#include "tftcli/run_flags.h"

#include <CLI/CLI.hpp>

#include "common/input_error.h"
#include "common/log.h"
#include "config/run_file.h"
#include "tft/config.h"

namespace gradaudit::tftcli {

void add_run_flags(CLI::App& app, RunFlags& f, bool with_step_size) {
  app.add_option("--model", f.model, "registered model to train: tft, or the fixture tft-unconditional-static")
      ->capture_default_str();
  app.add_option("--data", f.data, "long-format CSV: unique_id,ds,y[,exogenous...]");
  app.add_option("--static", f.static_path, "static CSV: unique_id,<static columns>");
  app.add_option("--freq", f.freq, "frequency: H, D, W, MS, M, QS, Q, YS, Y, or an integer step (default: inferred)");
  app.add_option("--config", f.config_file, "run file (YAML) with NeuralForecast's keys; flags override it");
  add_role_flags(app, f.config);
  add_model_flags(app, f.config, /*with_counts=*/false);
  add_training_flags(app, f.config, with_step_size);
  app.add_option("--threads", f.threads, "intra-op threads (and OpenBLAS's), 0: LibTorch's default")
      ->capture_default_str();
  app.add_flag("--no-preflight", f.no_preflight, "skip the gradient audit before the first step");
  app.add_flag("-q,--quiet", f.quiet, "print nothing while training");
  app.add_flag("-v,--verbose", f.verbose, "log details (and LibTorch's own messages) to stderr");
}

train::RunSpec run_spec_from(const RunFlags& f) {
  config::RunFile file;
  if (!f.config_file.empty()) file = config::load_run_file(f.config_file, tft::config_keys());
  config::merge_into(file, f.config.values, f.config.origins);
  train::RunSpec spec;
  spec.model = f.model;
  spec.config = file.values;
  spec.origins = file.origins;
  spec.data.data = f.data;
  if (spec.data.data.empty()) throw InputError("--data: required (the long-format CSV to train on)");
  spec.data.static_data = f.static_path;
  spec.data.freq = f.freq;
  spec.data.roles = train::roles_from_config(spec.config, &spec.origins);
  // The schema comes from the data; counts in a run file must agree with it.
  for (const char* key : {"stat_exog_size", "hist_exog_size", "futr_exog_size"})
    if (spec.config.contains(key)) spec.config.erase(key);
  return spec;
}

train::TrainRequest train_request_from(const RunFlags& f) {
  if (f.verbose) set_log_level("debug");
  train::TrainRequest request;
  request.preflight = !f.no_preflight;
  request.threads = f.threads;
  request.progress = train::progress_style_for(stderr, f.quiet);
  return request;
}

}  // namespace gradaudit::tftcli
