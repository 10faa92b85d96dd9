// A run file (`tft train --config run.yaml`): a YAML mapping of
// NeuralForecast's keys (h, input_size, hist_exog_list, max_steps, ...) to
// values, lists included. Command-line flags override it.
#pragma once

#include <string>
#include <vector>

#include "config/configuration.h"

namespace gradaudit::config {

struct RunFile {
  Configuration values = Configuration::object();
  Origins origins;  // key -> "run.yaml:LINE:COL"
};

// Throws InputError "run.yaml:3:1: hiden_size: unknown key (known keys: ...)"
// for an unknown key, and names the line for YAML errors.
RunFile load_run_file(const std::string& path, const std::vector<KeyInfo>& keys);

// `overrides` win over `base`, key by key, origins included.
void merge_into(RunFile& base, const Configuration& overrides, const Origins& origins);

}  // namespace gradaudit::config
