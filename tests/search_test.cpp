// The search's parts without training: the space grammar's additions
// (quniform, lists as values), the default AutoTFT space, the structural
// configurations the pre-flight audits, ASHA's rungs and decisions, and TPE
// against random search on objectives with a known optimum.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "config/space.h"
#include "search/asha.h"
#include "search/search_space.h"
#include "search/space_audit.h"
#include "search/tpe.h"
#include "common/input_error.h"
#include "tft/config.h"

namespace gradaudit::search {
namespace {

using Json = nlohmann::ordered_json;

config::SpaceSpec spec(const std::string& text) {
  return config::parse_space_spec(text, "space.yaml", tft::config_keys(), "tft");
}

TEST(SearchSpace, QuniformDrawsMultiplesAndListsAreValues) {
  const SearchSpace space = search_space_from(spec(R"(
fixed: {h: 12, hist_exog_list: [kms, PetrolPrice]}
grid:
  stat_exog_list: [[], [a, b]]
random:
  samples: 3
  params:
    windows_batch_size: {quniform: [128, 1024, 128]}
    dropout: {quniform: [0.0, 0.5, 0.1]}
)"));
  EXPECT_EQ(space.fixed["hist_exog_list"], Json({"kms", "PetrolPrice"}));
  ASSERT_EQ(space.dimensions.size(), 3u);
  EXPECT_EQ(space.dimensions[0].key, "stat_exog_list") << "grid keys are searched as choices";
  EXPECT_EQ(space.dimensions[0].distribution.values[1], Json({"a", "b"}));
  std::mt19937_64 rng(1);
  for (int i = 0; i < 200; ++i) {
    const config::Configuration c = space.sample(rng);
    ASSERT_TRUE(c["windows_batch_size"].is_number_integer()) << c.dump();
    const int64_t w = c["windows_batch_size"].get<int64_t>();
    EXPECT_EQ(w % 128, 0);
    EXPECT_GE(w, 128);
    EXPECT_LE(w, 1024);
    const double d = c["dropout"].get<double>();
    EXPECT_NEAR(d * 10, std::round(d * 10), 1e-9) << "multiples of q = 0.1";
  }
  EXPECT_THROW(spec("random: {params: {dropout: {quniform: [0, 1]}}}"), InputError) << "quniform needs q";
  EXPECT_THROW(spec("random: {params: {dropout: {quniform: [0, 1, 0]}}}"), InputError) << "q > 0";
}

TEST(SearchSpace, DefaultIsNeuralForecastsAutoTft) {
  const SearchSpace space = search_space_from(default_auto_space(24, "tft"));
  EXPECT_EQ(space.fixed["h"], 24);
  std::vector<std::string> keys;
  for (const auto& d : space.dimensions) keys.push_back(d.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"input_size_multiplier", "step_size", "hidden_size", "n_head",
                                            "learning_rate", "scaler_type", "max_steps", "batch_size",
                                            "windows_batch_size", "random_seed"}));
  EXPECT_EQ(space.dimensions[1].distribution.values, (std::vector<Json>{1, 24})) << "step_size {1, h}";
  EXPECT_EQ(space.default_samples, 10);
}

TEST(SpaceAudit, EveryStructuralCombinationOnceWithTheSchemaFromTheLists) {
  SearchSpace space = search_space_from(spec(R"(
fixed: {h: 12}
grid:
  stat_exog_list: [[], [a]]
random:
  params:
    hidden_size: [16, 32, 64]
    learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
    dropout: {uniform: [0.0, 0.3]}
    max_steps: [10, 20]
)"));
  data::ColumnRoles data_roles;
  data_roles.stat = {"a", "b"};
  data_roles.hist = {"x"};
  const auto configs = structural_configurations(space, data_roles);
  // 2 lists x 3 sizes x 2 dropout ends; learning_rate and max_steps train only.
  ASSERT_EQ(configs.size(), 12u);
  int without_static = 0;
  for (const auto& c : configs) {
    EXPECT_EQ(c["hist_exog_size"], 1);
    without_static += c["stat_exog_size"] == 0;
  }
  EXPECT_EQ(without_static, 6);
}

TEST(Asha, KeepsTheBestShareAtEachRung) {
  Asha asha(/*grace_period=*/10, /*reduction_factor=*/2);
  EXPECT_EQ(asha.rungs(100), (std::vector<int64_t>{10, 20, 40, 80}));
  EXPECT_TRUE(asha.report(0, 10, 100, 5.0)) << "the first at a rung goes on";
  EXPECT_TRUE(asha.report(1, 10, 100, 4.0)) << "better than the median of those before";
  EXPECT_FALSE(asha.report(2, 10, 100, 9.0)) << "worse than the median (4.5)";
  EXPECT_TRUE(asha.report(0, 15, 100, 5.0)) << "no new rung passed";
  EXPECT_TRUE(asha.report(1, 20, 100, 3.0));
  EXPECT_FALSE(asha.report(0, 20, 100, 4.5)) << "second at rung 20, worse than trial 1";
  EXPECT_FALSE(asha.report(3, 100, 100, 50.0)) << "rungs passed at once are judged in order";
  EXPECT_TRUE(asha.report(4, 10, 10, 99.0)) << "a trial's last step is no rung";
}

// An objective with its optimum at x = 1.3, y = 10^-2.5, c = "c".
double objective(const std::vector<Json>& p) {
  const double x = p[0].get<double>(), y = std::log10(p[1].get<double>());
  return (x - 1.3) * (x - 1.3) + (y + 2.5) * (y + 2.5) + (p[2] == "c" ? 0.0 : 2.0);
}

double best_after(const SearchSpace& space, bool tpe, uint64_t seed, int trials) {
  std::vector<Observation> history;
  double best = 1e300;
  TpeOptions options;
  options.startup_trials = 8;
  const TpeSampler sampler(space, options);
  for (int t = 0; t < trials; ++t) {
    std::mt19937_64 rng(seed * 1000 + static_cast<uint64_t>(t));
    const auto point = tpe ? sampler.suggest(history, rng) : random_point(space, rng);
    const double loss = objective(point);
    history.push_back({point, loss});
    best = std::min(best, loss);
  }
  return best;
}

TEST(Tpe, FindsBetterConfigurationsThanRandomSearch) {
  const SearchSpace space = search_space_from(spec(R"(
random:
  params:
    dropout: {uniform: [-5.0, 5.0]}
    learning_rate: {loguniform: [1.0e-5, 1.0]}
    scaler_type: [a, b, c, d]
)"));
  double tpe = 0, random = 0;
  int tpe_wins = 0;
  const int seeds = 20;
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    const double t = best_after(space, true, seed, 40), r = best_after(space, false, seed, 40);
    tpe += t;
    random += r;
    tpe_wins += t < r;
  }
  EXPECT_LT(tpe / seeds, 0.5 * random / seeds) << "mean best: TPE " << tpe / seeds << ", random " << random / seeds;
  EXPECT_GE(tpe_wins, 14) << "TPE's best was lower in " << tpe_wins << " of " << seeds << " seeds";
}

TEST(Tpe, WholeNumbersStayInRangeAndOnTheGrid) {
  const SearchSpace space = search_space_from(spec(R"(
random:
  params:
    random_seed: {randint: [1, 20]}
    windows_batch_size: {quniform: [128, 1024, 128]}
)"));
  std::vector<Observation> history;
  TpeOptions options;
  options.startup_trials = 3;
  const TpeSampler sampler(space, options);
  std::mt19937_64 rng(4);
  for (int t = 0; t < 60; ++t) {
    const auto p = sampler.suggest(history, rng);
    ASSERT_TRUE(p[0].is_number_integer() && p[1].is_number_integer());
    EXPECT_GE(p[0].get<int64_t>(), 1);
    EXPECT_LE(p[0].get<int64_t>(), 19);
    EXPECT_EQ(p[1].get<int64_t>() % 128, 0);
    history.push_back({p, std::abs(p[0].get<double>() - 7) + std::abs(p[1].get<double>() - 512) / 128});
  }
  // After 60 trials the model has come within one grid step of the optimum.
  EXPECT_LE(std::min_element(history.begin(), history.end(), [](const auto& a, const auto& b) {
              return a.loss < b.loss;
            })->loss,
            1.0);
}

}  // namespace
}  // namespace gradaudit::search
