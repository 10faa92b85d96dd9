// A NeuralForecast checkpoint's hyperparameters as a configuration the TFT
// understands (tft::options_from_config, tft::loss_from_config).
#pragma once

#include <optional>
#include <string>

#include "config/configuration.h"
#include "interop/pickle_value.h"

namespace gradaudit::interop {

// The `hyper_parameters` entry of a Lightning/NeuralForecast .ckpt, under
// NeuralForecast's key names: the structural keys (h, input_size, tgt_size,
// hidden_size, n_head, dropout, attn_dropout, grn_activation, rnn_type,
// n_rnn_layers, one_rnn_initial_state; stat/hist/futr_exog_size from the exog
// lists; loss, with level for MQLoss and delta for HuberLoss) and the training
// keys it also records (learning_rate, max_steps, batch sizes...). Keys the
// checkpoint does not hold are left out. Throws InputError when the file has
// no hyper_parameters or a value has the wrong type.
config::Configuration read_hyperparameters(const std::string& path);
// The same from a file already read with read_torch_file; nullopt when it has
// no hyper_parameters entry.
std::optional<config::Configuration> hyperparameters_from(const PickleValue& file_object, const std::string& path);

}  // namespace gradaudit::interop
