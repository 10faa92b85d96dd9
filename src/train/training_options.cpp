#include "train/training_options.h"

#include <algorithm>

namespace gradaudit::train {

int64_t TrainingOptions::lr_decay_steps() const {
  return num_lr_decays > 0 ? std::max<int64_t>(max_steps / num_lr_decays, 1) : max_steps + 1;
}

TrainingOptions training_options_from_config(const config::Configuration& config, const config::Origins* origins) {
  const config::Reader read(config, origins);
  TrainingOptions o;
  o.learning_rate = read.real("learning_rate", o.learning_rate);
  o.max_steps = read.integer("max_steps", o.max_steps);
  o.val_check_steps = read.integer("val_check_steps", o.val_check_steps);
  o.batch_size = read.integer("batch_size", o.batch_size);
  o.windows_batch_size = read.integer("windows_batch_size", o.windows_batch_size);
  o.inference_windows_batch_size = read.integer("inference_windows_batch_size", o.inference_windows_batch_size);
  o.step_size = read.integer("step_size", o.step_size);
  o.start_padding_enabled = read.boolean("start_padding_enabled", o.start_padding_enabled);
  o.scaler_type = read.text("scaler_type", o.scaler_type);
  if (o.scaler_type == "none") o.scaler_type = "identity";  // AutoTFT's spelling
  o.random_seed = read.integer("random_seed", o.random_seed);
  o.num_lr_decays = read.integer("num_lr_decays", o.num_lr_decays);
  o.early_stop_patience_steps = read.integer("early_stop_patience_steps", o.early_stop_patience_steps);
  o.gradient_clip_val = read.real("gradient_clip_val", o.gradient_clip_val);
  o.accumulate_grad_batches = read.integer("accumulate_grad_batches", o.accumulate_grad_batches);
  o.val_size = read.integer("val_size", o.val_size);
  o.test_size = read.integer("test_size", o.test_size);
  o.valid_loss = read.text("valid_loss", o.valid_loss);

  if (!(o.learning_rate > 0)) read.fail("learning_rate", "expected a step size > 0");
  if (o.max_steps < 1) read.fail("max_steps", "expected at least 1 step");
  if (o.val_check_steps < 1) read.fail("val_check_steps", "expected at least 1");
  if (o.batch_size < 1) read.fail("batch_size", "expected at least 1 series");
  if (o.windows_batch_size < 1) read.fail("windows_batch_size", "expected at least 1 window");
  if (o.inference_windows_batch_size < 1) read.fail("inference_windows_batch_size", "expected at least 1 window");
  if (o.step_size < 1) read.fail("step_size", "expected at least 1");
  if (o.val_size < 0) read.fail("val_size", "expected a count >= 0");
  if (o.test_size < 0) read.fail("test_size", "expected a count >= 0");
  if (o.gradient_clip_val < 0) read.fail("gradient_clip_val", "expected a norm >= 0");
  if (o.accumulate_grad_batches < 1) read.fail("accumulate_grad_batches", "expected at least 1 micro-batch per step");
  const std::vector<std::string> scalers = {"identity", "standard", "robust", "minmax", "minmax1"};
  if (std::find(scalers.begin(), scalers.end(), o.scaler_type) == scalers.end())
    read.fail("scaler_type", "expected identity, standard, robust, minmax or minmax1, got '" + o.scaler_type + "'");
  return o;
}

void write_training_options(const TrainingOptions& o, config::Configuration& c) {
  c["learning_rate"] = o.learning_rate;
  c["max_steps"] = o.max_steps;
  c["val_check_steps"] = o.val_check_steps;
  c["batch_size"] = o.batch_size;
  c["windows_batch_size"] = o.windows_batch_size;
  c["inference_windows_batch_size"] = o.inference_windows_batch_size;
  c["step_size"] = o.step_size;
  c["start_padding_enabled"] = o.start_padding_enabled;
  c["scaler_type"] = o.scaler_type;
  c["random_seed"] = o.random_seed;
  c["num_lr_decays"] = o.num_lr_decays;
  c["early_stop_patience_steps"] = o.early_stop_patience_steps;
  c["gradient_clip_val"] = o.gradient_clip_val;
  c["accumulate_grad_batches"] = o.accumulate_grad_batches;
  c["val_size"] = o.val_size;
  c["test_size"] = o.test_size;
  if (!o.valid_loss.empty()) c["valid_loss"] = o.valid_loss;
}

}  // namespace gradaudit::train
