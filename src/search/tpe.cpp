#include "search/tpe.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gradaudit::search {
namespace {

using Json = nlohmann::ordered_json;
using Kind = config::Distribution::Kind;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// A numeric dimension in the space the estimator works in: the logarithm
// for loguniform; whole numbers and quantised values as bins of width `bin`.
struct Axis {
  double low, high;
  double bin = 0;  // > 0: values are multiples of bin apart (randint, quniform)
  bool log = false;

  explicit Axis(const config::Distribution& d) {
    low = d.low;
    high = d.high;
    if (d.kind == Kind::kLogUniform) {
      log = true;
      low = std::log(d.low);
      high = std::log(d.high);
    } else if (d.kind == Kind::kRandInt) {
      bin = 1;
      low = d.low - 0.5;
      high = d.high - 0.5;  // whole numbers low .. high-1
    } else if (d.kind == Kind::kQUniform) {
      bin = d.q;
    }
  }
  double to_axis(const Json& v) const { return log ? std::log(v.get<double>()) : v.get<double>(); }
  Json from_axis(double x, const config::Distribution& d) const {
    if (d.kind == Kind::kRandInt)
      return static_cast<long long>(std::clamp(std::llround(x), static_cast<long long>(d.low),
                                               static_cast<long long>(d.high) - 1));
    if (d.kind == Kind::kQUniform) {
      const double v = std::clamp(std::round(x / d.q) * d.q, d.low, d.high);
      if (d.integral) return static_cast<long long>(std::llround(v));
      return v;
    }
    return log ? std::exp(x) : x;
  }
};

// The adaptive Parzen estimator of the paper: a Gaussian per observation,
// its width the larger distance to its neighbours (clipped), plus the prior
// (a Gaussian over the whole range) as one more component; each component
// truncated to the range.
class Parzen {
 public:
  Parzen(const Axis& axis, std::vector<double> points, double prior_weight) : axis_(axis) {
    const double width = axis.high - axis.low;
    const double prior_mu = axis.low + width / 2;
    std::sort(points.begin(), points.end());
    // The prior takes its place among the sorted means.
    std::vector<std::pair<double, bool>> mus;  // (mean, is prior)
    for (double p : points) mus.emplace_back(p, false);
    mus.emplace_back(prior_mu, true);
    std::sort(mus.begin(), mus.end());
    const double max_sigma = width;
    const double min_sigma = width / std::min(100.0, 1.0 + static_cast<double>(points.size()));
    for (size_t i = 0; i < mus.size(); ++i) {
      double sigma = max_sigma;
      if (!mus[i].second) {
        const double left = i > 0 ? mus[i].first - mus[i - 1].first : 0;
        const double right = i + 1 < mus.size() ? mus[i + 1].first - mus[i].first : 0;
        sigma = std::clamp(std::max(left, right), min_sigma, max_sigma);
      }
      mu_.push_back(mus[i].first);
      sigma_.push_back(sigma);
      weight_.push_back(mus[i].second ? prior_weight : 1.0);
      mass_.push_back(normal_cdf((axis.high - mu_.back()) / sigma) - normal_cdf((axis.low - mu_.back()) / sigma));
    }
    for (double w : weight_) total_weight_ += w;
  }

  double sample(std::mt19937_64& rng) const {
    std::discrete_distribution<size_t> pick(weight_.begin(), weight_.end());
    const size_t i = pick(rng);
    std::normal_distribution<double> normal(mu_[i], sigma_[i]);
    for (int tries = 0; tries < 100; ++tries) {
      const double x = normal(rng);
      if (x >= axis_.low && x <= axis_.high) return x;
    }
    return std::clamp(mu_[i], axis_.low, axis_.high);
  }

  // log density at x (for binned axes, log probability of x's bin).
  double log_density(double x) const {
    double p = 0;
    const double half = axis_.bin / 2;
    for (size_t i = 0; i < mu_.size(); ++i) {
      double component;
      if (half > 0) {
        const double lo = std::max(x - half, axis_.low), hi = std::min(x + half, axis_.high);
        component = normal_cdf((hi - mu_[i]) / sigma_[i]) - normal_cdf((lo - mu_[i]) / sigma_[i]);
      } else {
        const double z = (x - mu_[i]) / sigma_[i];
        component = std::exp(-0.5 * z * z) / (sigma_[i] * std::sqrt(2 * M_PI));
      }
      p += weight_[i] * component / std::max(mass_[i], 1e-12);
    }
    return std::log(std::max(p / total_weight_, std::numeric_limits<double>::min()));
  }

 private:
  const Axis& axis_;
  std::vector<double> mu_, sigma_, weight_, mass_;
  double total_weight_ = 0;
};

// Counts with a pseudo-count per value: the paper's estimator for choices.
std::vector<double> choice_probabilities(const std::vector<Json>& choices, const std::vector<const Json*>& seen,
                                         double prior_weight) {
  std::vector<double> p(choices.size(), prior_weight);
  for (const Json* v : seen)
    for (size_t k = 0; k < choices.size(); ++k)
      if (choices[k] == *v) p[k] += 1;
  double total = 0;
  for (double x : p) total += x;
  for (double& x : p) x /= total;
  return p;
}

}  // namespace

std::vector<Json> random_point(const SearchSpace& space, std::mt19937_64& rng) {
  std::vector<Json> values;
  for (const auto& d : space.dimensions) values.push_back(d.distribution.draw(rng));
  return values;
}

std::vector<Json> TpeSampler::suggest(const std::vector<Observation>& history, std::mt19937_64& rng) const {
  if (static_cast<int64_t>(history.size()) < std::max<int64_t>(options_.startup_trials, 2))
    return random_point(space_, rng);
  std::vector<const Observation*> sorted;
  for (const auto& o : history) sorted.push_back(&o);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Observation* a, const Observation* b) { return a->loss < b->loss; });
  // The good ones: the ceil(gamma * sqrt(n)) lowest losses (hyperopt's
  // reading of the paper's quantile: it grows slower than n, so the model
  // keeps concentrating as trials accumulate).
  const double n = static_cast<double>(sorted.size());
  const size_t good = std::clamp<size_t>(static_cast<size_t>(std::ceil(options_.gamma * std::sqrt(n))), 1,
                                         sorted.size() - 1);
  std::vector<Json> point;
  for (size_t d = 0; d < space_.dimensions.size(); ++d) {
    const config::Distribution& dist = space_.dimensions[d].distribution;
    if (!dist.numeric()) {
      std::vector<const Json*> below, above;
      for (size_t i = 0; i < sorted.size(); ++i) (i < good ? below : above).push_back(&sorted[i]->values[d]);
      const auto l = choice_probabilities(dist.values, below, options_.prior_weight);
      const auto g = choice_probabilities(dist.values, above, options_.prior_weight);
      std::discrete_distribution<size_t> draw(l.begin(), l.end());
      size_t best = draw(rng);
      double best_score = -std::numeric_limits<double>::infinity();
      for (int c = 0; c < options_.candidates; ++c) {
        const size_t k = draw(rng);
        const double score = std::log(l[k]) - std::log(g[k]);
        if (score > best_score) best_score = score, best = k;
      }
      point.push_back(dist.values[best]);
      continue;
    }
    const Axis axis(dist);
    std::vector<double> below, above;
    for (size_t i = 0; i < sorted.size(); ++i) (i < good ? below : above).push_back(axis.to_axis(sorted[i]->values[d]));
    const Parzen l(axis, below, options_.prior_weight), g(axis, above, options_.prior_weight);
    double best = l.sample(rng), best_score = -std::numeric_limits<double>::infinity();
    for (int c = 0; c < options_.candidates; ++c) {
      double x = l.sample(rng);
      if (axis.bin > 0) x = axis.to_axis(axis.from_axis(x, dist));  // score the value actually tried
      const double score = l.log_density(x) - g.log_density(x);
      if (score > best_score) best_score = score, best = x;
    }
    point.push_back(axis.from_axis(best, dist));
  }
  return point;
}

}  // namespace gradaudit::search
