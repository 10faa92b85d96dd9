// Configuration spaces: enumeration, the collapse of training-only keys, and
// errors that point at line:column and the key.
#include <gtest/gtest.h>

#include "common/input_error.h"
#include "config/space.h"

namespace gradaudit::config {
namespace {

const std::vector<KeyInfo> kKeys = {{"h", true, ""},          {"hidden_size", true, ""}, {"stat_exog_size", true, ""},
                                    {"rnn_type", true, ""},   {"learning_rate", false, ""}, {"random_seed", false, ""}};

std::vector<Configuration> parse(const std::string& text) { return parse_space(text, "space.yaml", kKeys, "m"); }

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Space, GridIsTheCartesianProductWithFixedValues) {
  const auto configs = parse("fixed: {h: 12}\ngrid:\n  stat_exog_size: [0, 2]\n  rnn_type: [lstm, gru]\n");
  ASSERT_EQ(configs.size(), 4u);
  EXPECT_EQ(configuration_label(configs[0]), "h=12,stat_exog_size=0,rnn_type=lstm");
  EXPECT_EQ(configuration_label(configs[3]), "h=12,stat_exog_size=2,rnn_type=gru");
  EXPECT_TRUE(configs[1]["stat_exog_size"].is_number_integer());
  EXPECT_TRUE(configs[1]["rnn_type"].is_string());
}

TEST(Space, RandomSamplesAreCrossedWithTheGridAndReproducible) {
  const std::string text =
      "grid: {stat_exog_size: [0, 2]}\nrandom:\n  samples: 5\n  seed: 3\n  params:\n"
      "    hidden_size: [64, 128]\n    learning_rate: {loguniform: [1.0e-4, 1.0e-1]}\n"
      "    random_seed: {randint: [1, 20]}\n";
  const auto a = parse(text), b = parse(text);
  ASSERT_EQ(a.size(), 10u);
  EXPECT_EQ(a, b);
  for (const auto& c : a) {
    EXPECT_GE(c["learning_rate"].get<double>(), 1e-4);
    EXPECT_LT(c["learning_rate"].get<double>(), 1e-1);
    EXPECT_GE(c["random_seed"].get<int>(), 1);
    EXPECT_LT(c["random_seed"].get<int>(), 20);
  }
  // The same draw is crossed with each grid point.
  EXPECT_EQ(a[0]["learning_rate"], a[1]["learning_rate"]);
  EXPECT_NE(a[0]["stat_exog_size"], a[1]["stat_exog_size"]);
}

TEST(Space, JsonIsAcceptedToo) {
  EXPECT_EQ(parse(R"({"fixed": {"h": 6}, "grid": {"hidden_size": [8, 16]}})").size(), 2u);
}

TEST(Space, TrainingOnlyKeysDoNotReachTheModel) {
  const auto configs = parse("grid:\n  learning_rate: [0.1, 0.01]\n  stat_exog_size: [0, 2]\n");
  ASSERT_EQ(configs.size(), 4u);
  EXPECT_EQ(structural_part(configs[0], kKeys), structural_part(configs[2], kKeys));
  EXPECT_NE(structural_part(configs[0], kKeys), structural_part(configs[1], kKeys));
  EXPECT_FALSE(structural_part(configs[0], kKeys).contains("learning_rate"));
}

TEST(Space, ErrorsPointAtTheKey) {
  EXPECT_EQ(error_of("grid:\n  hiden_size: [1, 2]\n"),
            "space.yaml:2:3: grid.hiden_size: unknown key for model 'm' (known keys: h, hidden_size, stat_exog_size, "
            "rnn_type, learning_rate, random_seed)");
  EXPECT_EQ(error_of("grids: {}\n"), "space.yaml:1:1: 'grids': unknown section (expected fixed, grid, random, model)");
  EXPECT_EQ(error_of("grid:\n  h: 12\n"), "space.yaml:2:6: grid.h: expected a list of values");
  EXPECT_EQ(error_of("grid:\n  h: []\n"), "space.yaml:2:6: grid.h: expected at least one value");
  EXPECT_EQ(error_of(""), "space.yaml: empty space file");
  EXPECT_EQ(error_of("model: other\n"), "space.yaml:1:8: model: the space is for 'other', the audit is of 'm'");
  EXPECT_NE(error_of("random: {samples: 0, params: {h: [1]}}").find("random.samples: expected a whole number >= 1"),
            std::string::npos);
  EXPECT_NE(error_of("random: {params: {learning_rate: {lognormal: [1, 2]}}}").find("unknown distribution 'lognormal'"),
            std::string::npos);
  EXPECT_NE(error_of("random: {params: {learning_rate: {uniform: [2, 1]}}}").find("low < high"), std::string::npos);
  EXPECT_NE(error_of("grid: {h: [1, 2\n").find("space.yaml:"), std::string::npos);
}

}  // namespace
}  // namespace gradaudit::config
