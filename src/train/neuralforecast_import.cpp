#include "train/neuralforecast_import.h"

#include <fmt/format.h>
#include <torch/nn/module.h>
#include <torch/optim/adam.h>
#include <torch/utils.h>

#include "common/input_error.h"
#include "interop/apply_state_dict.h"
#include "interop/nf_weights.h"
#include "interop/tft_forward.h"
#include "train/checkpoint.h"

namespace gradaudit::train {

std::vector<std::string> import_neuralforecast(const forecasters::ModelRegistry& registry, const std::string& weights,
                                               RunSpec spec, const std::string& run_dir) {
  const interop::NeuralForecastWeights file = interop::read_neuralforecast_weights(weights);
  if (file.hyperparameters) {
    config::Configuration merged = *file.hyperparameters;
    for (const auto& item : spec.config.items()) merged[item.key()] = item.value();
    // The schema's counts come from the checkpoint unless the flags name
    // the columns; the column lists must then agree with them.
    struct Kind {
      const char* size;
      std::vector<std::string>* columns;
    };
    for (const Kind& kind : {Kind{"stat_exog_size", &spec.data.roles.stat}, Kind{"hist_exog_size", &spec.data.roles.hist},
                             Kind{"futr_exog_size", &spec.data.roles.futr}}) {
      if (!merged.contains(kind.size) || !merged[kind.size].is_number_integer()) continue;
      const auto count = merged[kind.size].get<size_t>();
      if (!kind.columns->empty() && kind.columns->size() != count)
        throw InputError(fmt::format("{}: the checkpoint has {} = {}, the flags name {} columns", weights, kind.size,
                                     count, kind.columns->size()));
      // Unnamed columns get placeholder names; `tft predict --data` then
      // needs columns of those names, so name them with the flags.
      for (size_t i = kind.columns->size(); i < count; ++i)
        kind.columns->push_back(fmt::format("{}_{}", std::string(kind.size).substr(0, 4), i));
    }
    spec.config = merged;
  }
  for (const char* key : {"stat_exog_size", "hist_exog_size", "futr_exog_size"}) spec.config.erase(key);
  const tft::TFTOptions options = spec.model_options();
  const forecasters::ForecastModel model = registry.require(spec.model, "--model").build(options);
  std::vector<std::string> notes = interop::apply_state_dict(*model.module, file.state, weights);
  torch::optim::Adam adam(model.module->parameters());
  Checkpoint checkpoint;
  checkpoint.spec = spec;
  checkpoint.state.finished = true;
  save_checkpoint(run_dir, checkpoint, *model.module, nullptr, adam);
  return notes;
}

void forward_batch(const LoadedRun& run, const std::string& batch, const std::string& out) {
  const interop::TensorDict tensors = interop::read_tensor_dict(batch);
  const tft::TFTInputs inputs = interop::batch_inputs(tensors, run.options, batch);
  torch::NoGradGuard no_grad;
  run.model.module->eval();
  tft::TFTOutputs outputs;
  try {
    outputs = run.model.forward(inputs);
  } catch (const c10::Error& e) {
    throw InputError(batch + ": the model cannot run on this batch: " + e.what_without_backtrace());
  }
  interop::write_tensor_dict(out, interop::output_tensors(outputs));
}

}  // namespace gradaudit::train
