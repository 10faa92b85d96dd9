// The tft command line, run in-process: output and exit codes.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "tftcli/tft_app.h"
#include "cli_runner.h"
#include "registered_models.h"
#include "test_support.h"

namespace gradaudit::testing {
namespace {

CliResult run(const std::vector<std::string>& args) { return run_cli([](int argc, const char* const* argv) { return tftcli::run_tft(argc, argv, registered_models()); }, "tft", args); }

TEST(TftCli, ParamsPrintsTheTable) {
  const auto r = run({"params", "--stat-exog", "2", "--hist-exog", "3", "--futr-exog", "2", "--h", "12",
                      "--input-size", "24", "--hidden-size", "16", "--n-head", "4"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  size_t count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_NE(line.find('\t'), std::string::npos) << line;
  }
  EXPECT_EQ(count, 193u);  // the reference's 194 less the documented deviation
  EXPECT_EQ(r.out.substr(0, r.out.find('\n')), "embedding.stat_exog_embedding_vectors\t2x16");
  EXPECT_NE(r.out.find("output_adapter.weight\t1x16\n"), std::string::npos);
}

TEST(TftCli, ParamsSizesTheAdapterByTheLoss) {
  const auto r = run({"params", "--h", "12", "--input-size", "24", "--hidden-size", "16", "--loss", "mq", "--level",
                      "80,90"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("output_adapter.weight\t5x16\n"), std::string::npos);
}

TEST(TftCli, CheckRunsOnBundledDataWithEveryKindOfInput) {
  const auto r = run({"check", "--data", source_path("fixtures/data/seatbelts_panel.csv"), "--static",
                      source_path("fixtures/data/seatbelts_static.csv"), "--futr-exog", "law", "--hist-exog",
                      "kms,PetrolPrice", "--h", "12", "--input-size", "24", "--hidden-size", "16"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("schema:   stat_exog_size=3 hist_exog_size=2 futr_exog_size=1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("backward: 175 of 175 parameters received a gradient"), std::string::npos) << r.out;
}

TEST(TftCli, BadInputExitsWithTwoAndOneLine) {
  const std::vector<std::vector<std::string>> cases = {
      {"params", "--h", "12"},                                                      // missing flag
      {"params", "--h", "12", "--input-size", "24", "--hidden-size", "10"},        // bad option value
      {"params", "--h", "12", "--input-size", "24", "--grn-activation", "Relu"},   // typo
      {"check", "--data", "/nonexistent.csv", "--h", "12", "--input-size", "24"},  // unreadable
      {"check", "--data", source_path("fixtures/data/airpassengers.csv"), "--h", "12", "--input-size", "200"},
      {"frobnicate"},
  };
  for (const auto& args : cases) {
    const auto r = run(args);
    EXPECT_EQ(r.code, 2) << args[0] << " " << r.err;
    EXPECT_EQ(r.err.rfind("tft: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

}  // namespace
}  // namespace gradaudit::testing
