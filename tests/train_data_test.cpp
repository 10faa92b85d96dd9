// The trainer's data layer: time stamps and frequencies, and every data error
// a user makes, each one line naming the file, line, column or series.
#include <gtest/gtest.h>

#include <functional>

#include "common/input_error.h"
#include "config/run_file.h"
#include "data/dataset.h"
#include "tft/config.h"
#include "temp_dir.h"
#include "test_paths.h"

namespace gradaudit::testing {
namespace {

using data::Frequency;
using data::TimeFormat;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

data::TimePoint at(const std::string& text, TimeFormat f = {}) {
  data::TimePoint t = 0;
  EXPECT_TRUE(data::parse_time(text, f, &t)) << text;
  return t;
}

TEST(TimeAxis, StepsAsPandasAliasesDo) {
  const TimeFormat dates;
  auto next = [&](const char* alias, const char* from, int64_t k = 1) {
    return data::format_time(Frequency::parse(alias).advance(at(from), k), dates);
  };
  EXPECT_EQ(next("MS", "1960-12-01"), "1961-01-01");
  EXPECT_EQ(next("M", "1960-01-31"), "1960-02-29");  // a leap year's month end
  EXPECT_EQ(next("M", "1961-02-28", 12), "1962-02-28");
  EXPECT_EQ(next("QS", "1960-10-01"), "1961-01-01");
  EXPECT_EQ(next("Q", "1960-03-31"), "1960-06-30");
  EXPECT_EQ(next("YS", "1960-01-01", 2), "1962-01-01");
  EXPECT_EQ(next("W", "2024-12-29"), "2025-01-05");
  EXPECT_EQ(next("D", "2024-02-28"), "2024-02-29");
  EXPECT_EQ(next("MS", "1960-01-01", -1), "1959-12-01");
  const TimeFormat hourly{true, true};
  EXPECT_EQ(data::format_time(Frequency::parse("H").advance(at("2024-01-01 23:00:00", hourly), 1), hourly),
            "2024-01-02 00:00:00");
  const TimeFormat index{false, false};
  EXPECT_EQ(Frequency::parse("3").advance(at("10", index), 2), 16);
  EXPECT_EQ(error_of([] { Frequency::parse("fortnightly"); }).rfind("--freq: expected a pandas frequency", 0), 0u);
}

TEST(TimeAxis, InfersTheFrequencyFromTheFirstStep) {
  const TimeFormat dates;
  Frequency f;
  ASSERT_TRUE(data::infer_frequency({at("1949-01-01"), at("1949-02-01")}, dates, &f));
  EXPECT_EQ(f.alias(), "MS");
  ASSERT_TRUE(data::infer_frequency({at("1949-01-31"), at("1949-02-28")}, dates, &f));
  EXPECT_EQ(f.alias(), "M");
  ASSERT_TRUE(data::infer_frequency({at("2020-01-01"), at("2020-04-01")}, dates, &f));
  EXPECT_EQ(f.alias(), "QS");
  ASSERT_TRUE(data::infer_frequency({at("2020-01-01"), at("2021-01-01")}, dates, &f));
  EXPECT_EQ(f.alias(), "YS");
  ASSERT_TRUE(data::infer_frequency({at("2020-01-01"), at("2020-01-08")}, dates, &f));
  EXPECT_EQ(f.alias(), "W");
  EXPECT_FALSE(data::infer_frequency({at("2020-01-01"), at("2020-01-04")}, dates, &f));
}

class DatasetErrors : public ::testing::Test {
 protected:
  std::string load(const std::string& csv, data::ColumnRoles roles = {}, const std::string& static_csv = "",
                   const std::string& freq = "") {
    data::DatasetSpec spec;
    spec.data = dir.write("data.csv", csv);
    if (!static_csv.empty()) spec.static_data = dir.write("static.csv", static_csv);
    spec.roles = std::move(roles);
    spec.freq = freq;
    return error_of([&] { data::load_dataset(spec); });
  }
  std::string p(const std::string& name) const { return dir.path(name); }
  TempDir dir;
};

TEST_F(DatasetErrors, EachNamesWhereAndWhat) {
  EXPECT_EQ(load("unique_id,ds,y\na,2000-01-01,1\na,2000-02-01,2\na,2000-04-01,3\n"),
            p("data.csv") + ":4: series 'a': 2000-03-01 is missing between 2000-02-01 (line 3) and 2000-04-01 at "
                            "frequency MS");
  EXPECT_EQ(load("unique_id,ds,y\na,2000-01-01,1\na,2000-01-01,2\n"),
            p("data.csv") + ":3: column 'ds': '2000-01-01' does not come after '2000-01-01' in series 'a'; sort by "
                            "unique_id, then ds (and remove duplicated dates)");
  EXPECT_EQ(load("unique_id,ds,y\na,2000-01-01,1\na,2000-02-01,x\n"),
            p("data.csv") + ":3: column 'y': expected a finite number, got 'x'");
  EXPECT_NE(load("unique_id,ds,y\na,2000-01-01,1\na,2000-02-01,nan\n").find(":3: column 'y'"), std::string::npos);
  EXPECT_NE(load("unique_id,ds,y\na,2000-01-01,1\na,2000-02-01,inf\n").find(":3: column 'y'"), std::string::npos);
  EXPECT_EQ(load("unique_id,ds,y\na,2000-01-01,1\na,2000-02-01,2\n", {{}, {"kms"}, {}}),
            p("data.csv") + ":1: no column 'kms' in the header");
  EXPECT_EQ(load("unique_id,ds,y,k\na,2000-01-01,1,1\na,2000-02-01,2,1\n", {{}, {"k"}, {"k"}}),
            p("data.csv") + ": column 'k' is listed as historic and as future exogenous; give it one role");
  EXPECT_EQ(load("unique_id,ds,y\na,2000-01-01,1\na,01/02/2000,2\n"),
            p("data.csv") + ":3: column 'ds': expected an ISO date (YYYY-MM-DD[ HH:MM[:SS]]) like the first row's "
                            "'2000-01-01', got '01/02/2000'");
  EXPECT_EQ(load("unique_id,ds,y\na,2000-01-01,1\na,2000-01-04,2\n"),
            p("data.csv") + ":3: cannot infer the frequency from '2000-01-01' and '2000-01-04' (series 'a'); give it "
                            "with --freq (H, D, W, MS, M, QS, Q, YS, Y)");
  EXPECT_EQ(load("unique_id,ds,y\na,1,1\na,2,2\n", {}, "", "MS"),
            "--freq MS: a calendar frequency but the ds column holds integers");
  EXPECT_EQ(load("unique_id,ds,y\na,1,1\na,2,2\nb,1,1\nb,2,2\n", {}, "unique_id,s\na,1\n"),
            p("static.csv") + ": no static row for series 'b'");
  EXPECT_EQ(load("unique_id,ds,y\na,1,1\na,2,2\n", {}, "unique_id,s\na,1\na,2\n"),
            p("static.csv") + ":3: series 'a' has a second static row");
}

TEST_F(DatasetErrors, IntegerIndicesStepByTheirOwnStep) {
  data::DatasetSpec spec;
  spec.data = dir.write("data.csv", "unique_id,ds,y\na,8,1\na,10,2\na,12,3\nb,0,1\nb,2,5\n");
  const data::Dataset d = data::load_dataset(spec);
  EXPECT_EQ(d.freq.alias(), "2");
  EXPECT_EQ(d.series[0].time.back(), 12);
  spec.data = dir.write("gap.csv", "unique_id,ds,y\na,8,1\na,10,2\na,14,3\n");
  EXPECT_EQ(error_of([&] { data::load_dataset(spec); }),
            p("gap.csv") + ":4: series 'a': 12 is missing between 10 (line 3) and 14 at frequency 2");
}

TEST_F(DatasetErrors, FutureValuesMustCoverTheHorizonOfEverySeries) {
  data::DatasetSpec spec;
  spec.data = dir.write("data.csv", "unique_id,ds,y,law\na,2000-01-01,1,0\na,2000-02-01,2,1\n");
  spec.roles.futr = {"law"};
  const data::Dataset d = data::load_dataset(spec);
  const auto future = data::load_future(d, dir.write("f.csv", "unique_id,ds,law\na,2000-03-01,1\na,2000-04-01,0\n"), 2);
  EXPECT_EQ(future[0][0], (std::vector<double>{1, 0}));
  EXPECT_EQ(error_of([&] { data::load_future(d, dir.write("f1.csv", "unique_id,ds,law\na,2000-03-01,1\n"), 2); }),
            p("f1.csv") + ": series 'a' has no future values for 2000-04-01 (the horizon is 2 steps after 2000-02-01)");
  EXPECT_EQ(error_of([&] { data::load_future(d, dir.write("f2.csv", "unique_id,ds\na,2000-03-01\n"), 1); }),
            p("f2.csv") + ":1: no column 'law' in the header");
}

TEST(RunFile, UnknownKeysAndTypesNameTheLine) {
  TempDir dir;
  const auto keys = tft::config_keys();
  EXPECT_EQ(error_of([&] { config::load_run_file(dir.write("a.yaml", "h: 12\nhiden_size: 64\n"), keys); })
                .rfind(dir.path("a.yaml") + ":2:1: hiden_size: unknown key (known keys: h, ", 0),
            0u);
  const config::RunFile f = config::load_run_file(
      dir.write("b.yaml", "h: 12\ninput_size: 24\nhidden_size: big\nhist_exog_list: [kms, PetrolPrice]\n"), keys);
  EXPECT_EQ(f.values["hist_exog_list"], (nlohmann::ordered_json{"kms", "PetrolPrice"}));
  EXPECT_EQ(error_of([&] { tft::options_from_config(f.values, &f.origins); }),
            dir.path("b.yaml") + ":3:14: hidden_size: expected a whole number, got \"big\"");
  EXPECT_NE(error_of([&] { config::load_run_file(dir.write("c.yaml", "h: [1\n"), keys); }).find("c.yaml:"),
            std::string::npos);
}

}  // namespace
}  // namespace gradaudit::testing
