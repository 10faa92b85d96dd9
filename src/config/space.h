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
//       windows_batch_size: {quniform: [128, 1024, 128]}  # round(uniform / q) * q
//
// A value may be a list (`hist_exog_list: [kms, PetrolPrice]`, a choice of
// lists). `tft auto` reads the same files: it searches the grid's keys as
// choices, alongside random.params. docs/user-guide.md documents the format.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "config/configuration.h"

namespace gradaudit::config {

// One searched key: a choice among values, or a numeric distribution.
struct Distribution {
  enum class Kind { kFixed, kChoice, kUniform, kLogUniform, kRandInt, kQUniform };
  Kind kind = Kind::kFixed;
  std::vector<nlohmann::ordered_json> values;  // kFixed (one) and kChoice
  double low = 0, high = 0;                    // randint: high excluded
  double q = 0;                                // quniform's step
  bool integral = false;                       // draws are whole numbers (randint; quniform of whole bounds and step)

  nlohmann::ordered_json draw(std::mt19937_64& rng) const;
  bool numeric() const { return kind != Kind::kFixed && kind != Kind::kChoice; }
};

// A space file as written: what parse_space enumerates and `tft auto` searches.
struct SpaceSpec {
  Configuration fixed = Configuration::object();
  std::vector<std::pair<std::string, std::vector<nlohmann::ordered_json>>> grid;
  bool has_random = false;
  int64_t samples = 10;
  int64_t seed = 1;
  std::vector<std::pair<std::string, Distribution>> params;  // random.params, in file order
};

SpaceSpec parse_space_spec(const std::string& text, const std::string& source, const std::vector<KeyInfo>& keys,
                           const std::string& model_name);
SpaceSpec load_space_spec(const std::string& path, const std::vector<KeyInfo>& keys, const std::string& model_name);
// fixed x grid (cartesian, last key fastest) x `samples` draws of the params.
std::vector<Configuration> enumerate_space(const SpaceSpec& spec);

// Parses and enumerates a space. `keys` are the model's accepted keys; any
// other key is an error. Throws InputError "source:line:col: section.key: ...".
std::vector<Configuration> parse_space(const std::string& text, const std::string& source,
                                       const std::vector<KeyInfo>& keys, const std::string& model_name);
std::vector<Configuration> load_space(const std::string& path, const std::vector<KeyInfo>& keys,
                                      const std::string& model_name);

}  // namespace gradaudit::config
