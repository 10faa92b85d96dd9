// The tree-structured Parzen estimator (Bergstra, Bardenet, Bengio, Kégl,
// "Algorithms for Hyper-Parameter Optimization", NeurIPS 2011): the trials
// so far are split by their loss into good (the ceil(gamma * sqrt(n)) best,
// as hyperopt, the paper's authors' library, does) and bad;
// each dimension gets a density l(x) from the good ones and g(x) from the
// bad ones (adaptive Parzen estimators: a Gaussian at each observation, with
// the prior as one more component; counts for choices), and the next value
// is the one, among candidates drawn from l, that maximises l(x)/g(x) —
// which maximises expected improvement under the paper's model.
// Dimensions are treated independently, as the paper's tree does for keys
// without conditions.
#pragma once

#include <random>
#include <vector>

#include "search/search_space.h"

namespace gradaudit::search {

struct Observation {
  std::vector<nlohmann::ordered_json> values;  // one per dimension of the space
  double loss;
};

struct TpeOptions {
  int64_t startup_trials = 5;  // random draws before the model takes over
  double gamma = 0.25;         // ceil(gamma * sqrt(n)) trials count as good
  int candidates = 24;         // draws from l(x) per dimension
  double prior_weight = 1.0;   // weight of the prior component (or pseudo-count)
};

class TpeSampler {
 public:
  TpeSampler(const SearchSpace& space, TpeOptions options) : space_(space), options_(options) {}

  // The next point to try, given every finished trial.
  std::vector<nlohmann::ordered_json> suggest(const std::vector<Observation>& history, std::mt19937_64& rng) const;

 private:
  const SearchSpace& space_;
  TpeOptions options_;
};

// One value per dimension, each from its prior.
std::vector<nlohmann::ordered_json> random_point(const SearchSpace& space, std::mt19937_64& rng);

}  // namespace gradaudit::search
