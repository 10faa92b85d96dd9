// What `tft auto` searches: keys with one value (the space's `fixed` part
// and the flags), and dimensions to sample (the space's grid keys as
// choices, and its random.params). The default is NeuralForecast's AutoTFT
// space for the horizon.
#pragma once

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "config/configuration.h"
#include "config/space.h"

namespace gradaudit::search {

struct Dimension {
  std::string key;
  config::Distribution distribution;
};

struct SearchSpace {
  config::Configuration fixed = config::Configuration::object();
  std::vector<Dimension> dimensions;
  int64_t default_samples = 10;  // random.samples of the file
  int64_t default_seed = 1;      // random.seed of the file

  // A configuration drawn uniformly (every dimension from its prior).
  config::Configuration sample(std::mt19937_64& rng) const;
  // The configuration of `values` (one per dimension) over the fixed keys.
  config::Configuration with(const std::vector<nlohmann::ordered_json>& values) const;
  // Keys of `overrides` become fixed, and stop being dimensions.
  void fix(const config::Configuration& overrides);
};

SearchSpace search_space_from(const config::SpaceSpec& spec);

// NeuralForecast's AutoTFT default for horizon `h`: input_size_multiplier
// {1..5}, step_size {1, h}, hidden_size {64, 128, 256}, n_head {4, 8},
// learning_rate loguniform(1e-4, 1e-1), scaler_type {none, robust,
// standard}, max_steps {500, 1000, 2000}, batch_size {32..256},
// windows_batch_size {128..1024}, random_seed randint(1, 20); 10 samples.
config::SpaceSpec default_auto_space(int64_t h, const std::string& model);

}  // namespace gradaudit::search
