// The TFT's options as a configuration, both ways, under NeuralForecast's key
// names. The one translation between configurations (spaces, run files,
// command-line flags, checkpoints) and TFTOptions: defaults come from
// TFTOptions itself, so there is no second set of them.
#pragma once

#include <vector>

#include "config/configuration.h"
#include "tft/loss.h"
#include "tft/options.h"

namespace gradaudit::tft {

// Every key a TFT configuration may hold: the model's structural keys (they
// change its parameters or forward pass) and NeuralForecast's training keys
// (learning rate, steps, batch sizes, scaler, seed...), which do not.
const std::vector<config::KeyInfo>& config_keys();

// Validated options. `h` is required; `input_size` or
// `input_size_multiplier` (AutoTFT: input_size = multiplier * h) is required.
// Throws InputError naming the key (and where it was set, with `origins`).
TFTOptions options_from_config(const config::Configuration& config, const config::Origins* origins = nullptr);
// The loss: `loss` (mae, mse, huber, mq; NeuralForecast's class names too)
// with `level` for mq (default [80, 90]) and `delta` for huber.
Loss loss_from_config(const config::Configuration& config, const config::Origins* origins = nullptr);

// Every structural key with its value, so options_from_config(to_config(o, l))
// gives back `o` and loss_from_config gives back `l`.
config::Configuration to_config(const TFTOptions& options, const Loss& loss);

}  // namespace gradaudit::tft
