// Weights trained in NeuralForecast as a run folder (`tft import-nf`), and a
// run's raw forward pass on a batch saved from Python (`tft forward`).
#pragma once

#include <string>
#include <vector>

#include "forecasters/model_registry.h"
#include "train/forecast.h"
#include "train/run_spec.h"

namespace gradaudit::train {

// Reads `weights` (a state dict saved with torch.save, a NeuralForecast or
// Lightning .ckpt, or safetensors), lays `spec`'s keys over the checkpoint's
// hyperparameters (the flags win), checks every name and shape against the
// model that describes, and writes a finished run folder. Returns the notes
// of what was skipped (the one known deviation, NeuralForecast's loss and
// scaler entries). Throws InputError naming the parameter for anything
// missing, extra or mis-shaped.
std::vector<std::string> import_neuralforecast(const forecasters::ModelRegistry& registry, const std::string& weights,
                                               RunSpec spec, const std::string& run_dir);

// Runs the model in eval mode, without scaling, on a batch of
// NeuralForecast's window tensors (insample_y, futr_exog, hist_exog,
// stat_exog) and writes y_hat and the interpretability outputs to `out`, as
// a dict torch.load reads.
void forward_batch(const LoadedRun& run, const std::string& batch, const std::string& out);

}  // namespace gradaudit::train
