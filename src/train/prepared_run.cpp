#include "train/prepared_run.h"

#include <filesystem>

#include "common/input_error.h"
#include "train/scaler.h"

namespace gradaudit::train {

PreparedRun prepare_run(const forecasters::ModelRegistry& registry, const TrainRequest& request) {
  namespace fs = std::filesystem;
  PreparedRun run;
  if (request.resume) {
    run.checkpoint = read_checkpoint(request.run_dir);
  } else {
    if (fs::exists(fs::path(checkpoint_dir(request.run_dir))))
      throw InputError(request.run_dir + ": already holds a run; continue it with --resume, or choose another -o");
    run.checkpoint.spec = request.spec;
  }
  RunSpec& spec = run.checkpoint.spec;
  run.entry = &registry.require(spec.model, "--model");
  run.data = data::load_dataset(spec.data);
  // What the run depends on, made explicit: "every static column", the
  // inferred frequency, paths that work from any folder.
  spec.data.roles = run.data.roles;
  spec.data.freq = run.data.freq.alias();
  spec.data.data = fs::absolute(spec.data.data).string();
  if (!spec.data.static_data.empty()) spec.data.static_data = fs::absolute(spec.data.static_data).string();
  // Every key is read once here, so a bad value fails before any rank starts.
  const TrainingOptions options = spec.training();
  spec.model_options();
  spec.loss();
  spec.valid_loss();
  parse_scaler(options.scaler_type);
  return run;
}

PreflightResult preflight_run(const PreparedRun& run, const TrainRequest& request) {
  return preflight(*run.entry, run.checkpoint.spec.resolved_config(), request.execution.find_unused_parameters);
}

}  // namespace gradaudit::train
