// Parameter names and shapes match NeuralForecast's TFT, read from the
// reference table, for every schema it lists; compared both ways.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "test_support.h"
#include "tft/model.h"
#include "tft/param_table.h"

namespace gradaudit::testing {
namespace {

using Table = std::vector<std::pair<std::string, std::string>>;

std::map<std::string, Table> read_reference() {
  std::ifstream in(source_path("tests/data/nf_tft_params.tsv"));
  EXPECT_TRUE(in) << "missing tests/data/nf_tft_params.tsv";
  std::map<std::string, Table> tables;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string config, name, shape;
    std::getline(fields, config, '\t');
    std::getline(fields, name, '\t');
    std::getline(fields, shape, '\t');
    tables[config].emplace_back(name, shape);
  }
  return tables;
}

// The one documented deviation (docs/tft.md): NeuralForecast registers a
// context projection in the static variable selection network but never
// passes it a context, so the parameter never gets a gradient and breaks DDP.
const std::set<std::string> kNotBuiltOnPurpose = {"static_encoder.vsn.joint_grn.lin_c.weight"};

Schema parse_schema(const std::string& config) {
  Schema s{};
  EXPECT_EQ(std::sscanf(config.c_str(), "stat%ld_hist%ld_futr%ld", &s.stat, &s.hist, &s.futr), 3) << config;
  return s;
}

TEST(TFTParameterTable, MatchesNeuralForecastForEveryReferenceSchema) {
  const auto reference = read_reference();
  ASSERT_EQ(reference.size(), 5u) << "the reference lists five schemas";
  for (const auto& [config, expected_rows] : reference) {
    SCOPED_TRACE(config);
    tft::TFT model(small_options(parse_schema(config)));
    const auto ours = tft::parameter_table(*model);

    Table expected;
    for (const auto& row : expected_rows)
      if (!kNotBuiltOnPurpose.count(row.first)) expected.push_back(row);
    Table actual;
    for (const auto& row : ours) actual.emplace_back(row.name, row.shape);

    // Both ways, by name, so a failure names the parameter.
    std::map<std::string, std::string> actual_by_name(actual.begin(), actual.end());
    std::map<std::string, std::string> expected_by_name(expected.begin(), expected.end());
    for (const auto& [name, shape] : expected) {
      auto it = actual_by_name.find(name);
      if (it == actual_by_name.end()) {
        ADD_FAILURE() << "missing parameter " << name << " (" << shape << ")";
      } else {
        EXPECT_EQ(it->second, shape) << "shape of " << name;
      }
    }
    for (const auto& [name, shape] : actual)
      EXPECT_TRUE(expected_by_name.count(name)) << "unexpected parameter " << name << " (" << shape << ")";
    // And in the same registration order.
    EXPECT_EQ(actual, expected);
  }
}

TEST(TFTParameterTable, OnlyTheDocumentedDeviationIsLeftOut) {
  const auto reference = read_reference();
  for (const auto& [config, rows] : reference) {
    tft::TFT model(small_options(parse_schema(config)));
    const size_t left_out = rows.size() - tft::parameter_table(*model).size();
    EXPECT_EQ(left_out, parse_schema(config).stat > 0 ? 1u : 0u) << config;
  }
}

TEST(TFTParameterTable, ShapesAreWrittenAsNeuralForecastWritesThem) {
  tft::TFT model(small_options({0, 0, 0}));
  std::ostringstream out;
  tft::write_parameter_table(out, tft::parameter_table(*model));
  EXPECT_EQ(out.str().substr(0, out.str().find('\n')), "embedding.futr_exog_embedding_vectors\t1x16");
  EXPECT_NE(out.str().find("temporal_encoder.input_gate_ln.weight\t16\n"), std::string::npos);
}

}  // namespace
}  // namespace gradaudit::testing
