#include "search/search_space.h"

#include <fmt/format.h>

#include <algorithm>

#include "tft/config.h"

namespace gradaudit::search {

config::Configuration SearchSpace::sample(std::mt19937_64& rng) const {
  config::Configuration c = fixed;
  for (const auto& d : dimensions) c[d.key] = d.distribution.draw(rng);
  return c;
}

config::Configuration SearchSpace::with(const std::vector<nlohmann::ordered_json>& values) const {
  config::Configuration c = fixed;
  for (size_t i = 0; i < dimensions.size(); ++i) c[dimensions[i].key] = values[i];
  return c;
}

void SearchSpace::fix(const config::Configuration& overrides) {
  for (const auto& [key, value] : overrides.items()) {
    fixed[key] = value;
    dimensions.erase(std::remove_if(dimensions.begin(), dimensions.end(),
                                    [&key = key](const Dimension& d) { return d.key == key; }),
                     dimensions.end());
  }
}

SearchSpace search_space_from(const config::SpaceSpec& spec) {
  SearchSpace space;
  space.fixed = spec.fixed;
  for (const auto& [key, values] : spec.grid) {
    config::Distribution d;
    d.kind = config::Distribution::Kind::kChoice;
    d.values = values;
    space.dimensions.push_back({key, d});
  }
  for (const auto& [key, distribution] : spec.params) {
    if (distribution.kind == config::Distribution::Kind::kFixed) {
      space.fixed[key] = distribution.values.front();
      continue;
    }
    space.dimensions.push_back({key, distribution});
  }
  space.default_samples = spec.samples;
  space.default_seed = spec.seed;
  return space;
}

config::SpaceSpec default_auto_space(int64_t h, const std::string& model) {
  const std::string text = fmt::format(R"(# NeuralForecast's AutoTFT default space
fixed:
  h: {0}
random:
  samples: 10
  seed: 1
  params:
    input_size_multiplier: [1, 2, 3, 4, 5]
    step_size: [1, {0}]
    hidden_size: [64, 128, 256]
    n_head: [4, 8]
    learning_rate: {{loguniform: [1.0e-4, 1.0e-1]}}
    scaler_type: ['none', 'robust', 'standard']
    max_steps: [500, 1000, 2000]
    batch_size: [32, 64, 128, 256]
    windows_batch_size: [128, 256, 512, 1024]
    random_seed: {{randint: [1, 20]}}
)",
                                       h);
  return config::parse_space_spec(text, "the default AutoTFT space", tft::config_keys(), model);
}

}  // namespace gradaudit::search
