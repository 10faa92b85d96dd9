// tft train / predict / cv / explain as users run them: real processes on
// the bundled data, run folders on disk, signals.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "temp_dir.h"
#include "tft_process.h"

namespace gradaudit::testing {
namespace {

namespace fs = std::filesystem;

const std::string kSmall = " --h 6 --input-size 12 --hidden-size 8 --n-head 2 --batch-size 4 --windows-batch-size 32"
                           " --threads 1 -q";

TEST(TrainRun, ShortRunLowersTheValidationLossAndWritesTheRunFolder) {
  TempDir dir;
  const auto r = tft("train --data " + data("airpassengers.csv") + kSmall +
                     " --max-steps 60 --val-size 12 --val-check-steps 10 --learning-rate 0.01 -o " + dir.path("run"));
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* f : {"checkpoint/run.json", "checkpoint/weights.pt", "checkpoint/best.pt",
                        "checkpoint/optimizer.pt", "metrics.csv"})
    EXPECT_TRUE(fs::exists(dir.path("run/") + f)) << f;
  const auto rows = csv_rows(read(dir.path("run/metrics.csv")));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"step", "train_loss", "valid_loss", "lr", "seconds"}));
  EXPECT_LT(std::stod(rows.back()[2]), std::stod(rows[1][2])) << read(dir.path("run/metrics.csv"));
  const auto record = nlohmann::json::parse(read(dir.path("run/checkpoint/run.json")));
  EXPECT_EQ(record["data"]["freq"], "MS");
  EXPECT_EQ(record["state"]["step"], 60);
  EXPECT_TRUE(record["state"]["finished"].get<bool>());
}

TEST(TrainRun, SameSeedOneThreadIsBitwiseTheSame) {
  TempDir dir;
  const std::string common = "train --data " + data("uk_lung_deaths.csv") + " --static " +
                             data("uk_lung_deaths_static.csv") + kSmall + " --max-steps 15 --random-seed 7 -o ";
  ASSERT_EQ(tft(common + dir.path("a")).code, 0);
  ASSERT_EQ(tft(common + dir.path("b")).code, 0);
  EXPECT_TRUE(read(dir.path("a/checkpoint/weights.pt")) == read(dir.path("b/checkpoint/weights.pt")));
  const auto a = tft("predict --model " + dir.path("a")), b = tft("predict --model " + dir.path("b"));
  EXPECT_EQ(a.out, b.out);
  ASSERT_EQ(tft("train --data " + data("uk_lung_deaths.csv") + kSmall + " --max-steps 15 --random-seed 8 -o " +
                dir.path("c"))
                .code,
            0);
  EXPECT_FALSE(read(dir.path("a/checkpoint/weights.pt")) == read(dir.path("c/checkpoint/weights.pt")));
}

TEST(TrainRun, EarlyStoppingRestoresTheBestWeights) {
  TempDir dir;
  // A learning rate this large makes the validation loss worse after a while.
  const auto r = tft("train --data " + data("airpassengers.csv") + kSmall +
                     " --max-steps 400 --val-size 12 --val-check-steps 5 --early-stop-patience-steps 2 "
                     "--learning-rate 0.3 -o " + dir.path("run"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto record = nlohmann::json::parse(read(dir.path("run/checkpoint/run.json")));
  EXPECT_TRUE(record["state"]["stopped_early"].get<bool>());
  const int64_t step = record["state"]["step"].get<int64_t>(), best = record["state"]["best_step"].get<int64_t>();
  EXPECT_LT(step, 400);
  EXPECT_EQ(step - best, 2 * 5) << "two checks without improvement";
  const auto rows = csv_rows(read(dir.path("run/metrics.csv")));
  double best_valid = 1e300;
  for (size_t i = 1; i < rows.size(); ++i) best_valid = std::min(best_valid, std::stod(rows[i][2]));
  EXPECT_NEAR(record["state"]["best_valid_loss"].get<double>(), best_valid, 1e-6 * best_valid);
  // The run's weights are the best ones: the final model's validation loss
  // is the best recorded, not the last.
  EXPECT_DOUBLE_EQ(record["state"]["final_valid_loss"].get<double>(), record["state"]["best_valid_loss"].get<double>());
  EXPECT_GT(std::stod(rows.back()[2]), best_valid);
}

TEST(TrainRun, KilledRunResumesToTheSameResultAsAnUninterruptedOne) {
  TempDir dir;
  const std::string args = "train --data " + data("seatbelts.csv") + " --futr-exog law --hist-exog kms,PetrolPrice" +
                           kSmall + " --max-steps 80 --val-size 12 --val-check-steps 4";
  ASSERT_EQ(tft(args + " -o " + dir.path("whole")).code, 0);

  const pid_t pid = start_tft(args + " -o " + dir.path("killed"), dir.path("log"));
  wait_for_rows(dir.path("killed/metrics.csv"), 5, pid);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended before it could be killed: " << read(dir.path("log"));
  const auto before = nlohmann::json::parse(read(dir.path("killed/checkpoint/run.json")));
  EXPECT_FALSE(before["state"]["finished"].get<bool>());
  EXPECT_GT(before["state"]["step"].get<int64_t>(), 0);

  const auto resumed = tft("train --resume " + dir.path("killed") + " --threads 1 -q");
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  const auto whole = csv_rows(read(dir.path("whole/metrics.csv")));
  const auto again = csv_rows(read(dir.path("killed/metrics.csv")));
  ASSERT_EQ(whole.size(), again.size()) << read(dir.path("killed/metrics.csv"));
  for (size_t i = 1; i < whole.size(); ++i) {
    EXPECT_EQ(whole[i][0], again[i][0]) << "step of row " << i;
    EXPECT_EQ(whole[i][1], again[i][1]) << "train_loss at step " << whole[i][0];
    EXPECT_EQ(whole[i][2], again[i][2]) << "valid_loss at step " << whole[i][0];
  }
  EXPECT_TRUE(read(dir.path("whole/checkpoint/weights.pt")) == read(dir.path("killed/checkpoint/weights.pt")))
      << "the resumed run ends with other weights";
}

TEST(TrainRun, CtrlCSavesACheckpointAndExits130) {
  TempDir dir;
  const pid_t pid = start_tft("train --data " + data("airpassengers.csv") + kSmall +
                                       " --max-steps 100000 --val-check-steps 5 -o " + dir.path("run"),
                                   dir.path("log"));
  wait_for_rows(dir.path("run/metrics.csv"), 1, pid);
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << read(dir.path("log"));
  EXPECT_EQ(WEXITSTATUS(status), 130) << read(dir.path("log"));
  EXPECT_NE(read(dir.path("log")).find("continue with: tft train --resume"), std::string::npos);
  const auto record = nlohmann::json::parse(read(dir.path("run/checkpoint/run.json")));
  EXPECT_GT(record["state"]["step"].get<int64_t>(), 0);
}

TEST(TrainRun, PreflightRefusesTheFixtureVariantAndNamesItsParameters) {
  TempDir dir;
  const auto r = tft("train --model tft-unconditional-static --data " + data("airpassengers.csv") + kSmall +
                     " --max-steps 5 -o " + dir.path("run"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("refused: the pre-flight audit"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("parameters under 'static_encoder.' get no gradient"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("static_encoder.vsn."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--find-unused-parameters"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir.path("run/checkpoint"))) << "nothing trained";
  // With static inputs the variant is sound, and --no-preflight trains it anyway.
  EXPECT_EQ(tft("train --model tft-unconditional-static --data " + data("uk_lung_deaths.csv") + " --static " +
                data("uk_lung_deaths_static.csv") + kSmall + " --max-steps 3 -o " + dir.path("static"))
                .code,
            0);
  EXPECT_EQ(tft("train --model tft-unconditional-static --no-preflight --data " + data("airpassengers.csv") + kSmall +
                " --max-steps 3 -o " + dir.path("forced"))
                .code,
            0);
}

TEST(TrainRun, PredictAndCvColumnsFollowNeuralForecast) {
  TempDir dir;
  ASSERT_EQ(tft("train --data " + data("seatbelts.csv") + " --futr-exog law" + kSmall +
                " --max-steps 5 --loss mq --level 80,90 -o " + dir.path("run"))
                .code,
            0);
  std::string future = "unique_id,ds,law\n";
  for (const char* month : {"01", "02", "03", "04", "05", "06"}) future += std::string("DriversKilled,1985-") + month + "-01,1\n";
  const auto p = tft("predict --model " + dir.path("run") + " --futr " + dir.write("f.csv", future) + " -o " +
                     dir.path("forecast.csv"));
  ASSERT_EQ(p.code, 0) << p.out;
  const auto rows = csv_rows(read(dir.path("forecast.csv")));
  EXPECT_EQ(rows[0], (std::vector<std::string>{"unique_id", "ds", "TFT", "TFT-lo-90", "TFT-lo-80", "TFT-hi-80",
                                               "TFT-hi-90"}));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[1][1], "1985-01-01");
  EXPECT_EQ(rows[6][1], "1985-06-01");
  // Without the future values the model cannot forecast.
  const auto missing = tft("predict --model " + dir.path("run"));
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("--futr: required"), std::string::npos) << missing.out;

  const auto cv = tft("cv --data " + data("uk_lung_deaths.csv") + kSmall +
                      " --max-steps 5 --n-windows 2 --step-size 6 --season-length 12 -o " + dir.path("cv.csv"));
  ASSERT_EQ(cv.code, 0) << cv.out;
  const auto cv_rows = csv_rows(read(dir.path("cv.csv")));
  EXPECT_EQ(cv_rows[0], (std::vector<std::string>{"unique_id", "ds", "cutoff", "y", "TFT"}));
  EXPECT_EQ(cv_rows.size(), 1u + 2 * 2 * 6);
  EXPECT_EQ(cv_rows[1][2], "1978-12-01") << "the first cutoff: the last step before the 12 held out";
  EXPECT_EQ(cv_rows[1][1], "1979-01-01");
  EXPECT_EQ(cv_rows.back()[1], "1979-12-01");
  EXPECT_NE(cv.out.find("overall"), std::string::npos);
  EXPECT_NE(cv.out.find("MASE"), std::string::npos);
}

TEST(TrainRun, ExplainWritesImportanceAndAttention) {
  TempDir dir;
  ASSERT_EQ(tft("train --data " + data("seatbelts_panel.csv") + " --static " + data("seatbelts_static.csv") +
                " --futr-exog law --hist-exog kms" + kSmall + " --max-steps 3 -o " + dir.path("run"))
                .code,
            0);
  const auto r = tft("explain --model " + dir.path("run") + " -o " + dir.path("explain"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto importance = csv_rows(read(dir.path("explain/variable_importance.csv")));
  EXPECT_EQ(importance[0], (std::vector<std::string>{"unique_id", "kind", "variable", "weight"}));
  double static_sum = 0;
  for (const auto& row : importance)
    if (row[0] == "drivers" && row[1] == "static") static_sum += std::stod(row[3]);
  EXPECT_NEAR(static_sum, 1.0, 1e-4) << "static selection weights sum to one";
  const auto attention = csv_rows(read(dir.path("explain/attention.csv")));
  EXPECT_EQ(attention.size(), 1u + 3 * 18);
}

TEST(TrainRun, PlotsArePicturesInTheFormatAsked) {
  TempDir dir;
  ASSERT_EQ(tft("train --data " + data("uk_lung_deaths.csv") + kSmall + " --max-steps 3 --loss mq --level 80 -o " +
                dir.path("run"))
                .code,
            0);
  ASSERT_EQ(tft("predict --model " + dir.path("run") + " -o " + dir.path("f.csv") + " --plot " + dir.path("f.png"))
                .code,
            0);
  EXPECT_EQ(read(dir.path("f.png")).substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  ASSERT_EQ(tft("predict --model " + dir.path("run") + " -o " + dir.path("f.csv") + " --plot " + dir.path("f.svg"))
                .code,
            0);
  EXPECT_NE(read(dir.path("f.svg")).find("<svg"), std::string::npos);
  ASSERT_EQ(tft("explain --model " + dir.path("run") + " -o " + dir.path("ex")).code, 0);
  for (const char* picture : {"ex/attention.png", "ex/importance_historic.png", "ex/importance_future.png"})
    EXPECT_EQ(read(dir.path(picture)).substr(1, 3), "PNG") << picture;
  const auto bad = tft("predict --model " + dir.path("run") + " -o " + dir.path("f.csv") + " --plot " +
                       dir.path("f.jpg"));
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("f.jpg: expected a .png, .svg or .pdf file"), std::string::npos) << bad.out;
}

TEST(TrainRun, BadInputExitsWithTwoAndOneLine) {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"train --data " + data("airpassengers.csv") + " --h 12 -o " + dir.path("a"), "input_size: missing"},
      {"train --h 12 --input-size 24 -o " + dir.path("b"), "--data: required"},
      {"train --data " + data("airpassengers.csv") + " --h 12 --input-size 24", "-o: required"},
      {"train --data " + data("airpassengers.csv") + " --h 12 --input-size 24 --scaler-type zscore -o " + dir.path("c"),
       "--scaler-type: scaler_type: expected identity, standard, robust, minmax or minmax1, got 'zscore'"},
      {"train --data " + data("airpassengers.csv") + " --h 12 --input-size 200 -o " + dir.path("d"),
       "series 'AirPassengers' is too short"},
      {"train --data " + data("airpassengers.csv") + " --hist-exog kms --h 12 --input-size 24 -o " + dir.path("e"),
       "no column 'kms' in the header"},
      {"train --config " + dir.write("r.yaml", "h: 12\nhiden_size: 8\n") + " --data " + data("airpassengers.csv") +
           " -o " + dir.path("f"),
       "r.yaml:2:1: hiden_size: unknown key"},
      {"train --resume " + dir.path("nothing"), "not a run folder"},
      {"predict --model " + dir.path("nothing"), "not a run folder"},
  };
  for (const auto& [args, needle] : cases) {
    const auto r = tft(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(needle), std::string::npos) << args << "\n" << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  }
}

TEST(TrainRun, DamagedCheckpointIsRefusedNotHalfLoaded) {
  TempDir dir;
  ASSERT_EQ(tft("train --data " + data("airpassengers.csv") + kSmall + " --max-steps 2 -o " + dir.path("run")).code, 0);
  const std::string weights = dir.path("run/checkpoint/weights.pt");
  const std::string bytes = read(weights);
  std::ofstream(weights, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 2);
  const auto r = tft("predict --model " + dir.path("run"));
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("weights.pt: cannot load the weights"), std::string::npos) << r.out;
  std::ofstream(dir.path("run/checkpoint/run.json"), std::ios::trunc) << "{\"format\": \"gradaudit-tft-run\", \"ver";
  const auto j = tft("predict --model " + dir.path("run"));
  EXPECT_EQ(j.code, 2);
  EXPECT_NE(j.out.find("run.json: damaged run record"), std::string::npos) << j.out;
}

}  // namespace
}  // namespace gradaudit::testing
