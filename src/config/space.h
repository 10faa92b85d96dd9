// Configuration spaces: which configurations an audit builds.
//
// A space file is YAML or JSON (JSON is read as YAML, so errors carry
// line:column either way):
//
//   fixed:  {h: 12}                       # every configuration gets these
//   grid:                                  # every combination
//     stat_exog_size: [0, 2]
//   random:                                # `samples` draws, crossed with the grid
//     samples: 10
//     seed: 1
//     params:
//       hidden_size: [64, 128, 256]        # a list is a uniform choice
//       learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
//       random_seed: {randint: [1, 20]}    # upper bound excluded, as in Ray Tune
//
// docs/user-guide.md documents the format.
#pragma once

#include <string>
#include <vector>

#include "config/configuration.h"

namespace gradaudit::config {

// Parses and enumerates a space. `keys` are the model's accepted keys; any
// other key is an error. Throws InputError "source:line:col: section.key: ...".
std::vector<Configuration> parse_space(const std::string& text, const std::string& source,
                                       const std::vector<KeyInfo>& keys, const std::string& model_name);
std::vector<Configuration> load_space(const std::string& path, const std::vector<KeyInfo>& keys,
                                      const std::string& model_name);

}  // namespace gradaudit::config
