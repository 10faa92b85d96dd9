// How a model is trained, under NeuralForecast's names and with its
// defaults (BaseWindows and TFT): what the run file, the flags and the
// checkpoint say, read through the one configuration layer.
#pragma once

#include <cstdint>
#include <string>

#include "config/configuration.h"

namespace gradaudit::train {

struct TrainingOptions {
  double learning_rate = 1e-3;
  int64_t max_steps = 1000;
  int64_t val_check_steps = 100;
  int64_t batch_size = 32;             // series per step
  int64_t windows_batch_size = 1024;   // windows per step, drawn from those series
  int64_t inference_windows_batch_size = 1024;
  int64_t step_size = 1;               // distance between training windows
  bool start_padding_enabled = false;  // pad series shorter than a window at the start
  std::string scaler_type = "robust";  // identity, standard, robust, minmax, minmax1
  int64_t random_seed = 1;
  int64_t num_lr_decays = -1;              // halvings of the learning rate over max_steps; -1: none
  int64_t early_stop_patience_steps = -1;  // validation checks without improvement; -1: never stop
  double gradient_clip_val = 0.0;          // 0: no clipping
  int64_t accumulate_grad_batches = 1;     // micro-batches per optimisation step (Lightning's name)
  int64_t val_size = 0;                    // last steps of each series for validation
  int64_t test_size = 0;                   // last steps of each series held out entirely
  std::string valid_loss;                  // "" : the training loss

  // Steps between learning-rate halvings (NeuralForecast's lr_decay_steps).
  int64_t lr_decay_steps() const;
};

// Throws InputError naming the key (and where it was set) for a value of
// the wrong type or out of range.
TrainingOptions training_options_from_config(const config::Configuration& config,
                                             const config::Origins* origins = nullptr);
// Every key, so training_options_from_config(to_config(o)) gives back `o`.
void write_training_options(const TrainingOptions& options, config::Configuration& config);

}  // namespace gradaudit::train
