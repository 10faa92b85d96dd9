// Explains a set of failing configurations by the simplest condition on the
// configuration keys that holds on exactly those: "stat_exog_size == 0",
// "hidden_size >= 128", "rnn_type == gru and n_rnn_layers >= 2",
// "stat_exog_size == 0 or futr_exog_size == 0".
#pragma once

#include <string>
#include <vector>

#include "config/configuration.h"

namespace gradaudit::trace {

// `failing[i]` says whether configs[i] failed. Only `keys` are considered.
// Returns "" when no condition of one or two terms separates them exactly.
std::string explain_failures(const std::vector<config::Configuration>& configs, const std::vector<bool>& failing,
                             const std::vector<std::string>& keys);

}  // namespace gradaudit::trace
