// tft auto as users run it: trials as real `tft train` processes on the
// bundled data. Reproducible with a seed, the fixture's space refused before
// any trial, a failing trial recorded while the search goes on, ASHA
// stopping a bad learning rate, an interrupted search resumed, and the best
// run usable by tft predict.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "temp_dir.h"
#include "tft_process.h"

namespace gradaudit::testing {
namespace {

namespace fs = std::filesystem;

std::string write_space(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.path(name);
  std::ofstream(path) << text;
  return path;
}

const std::string kSmallFixed =
    "fixed: {h: 6, input_size: 12, max_steps: 30, val_check_steps: 10, batch_size: 4, windows_batch_size: 32, "
    "hidden_size: 8, n_head: 2}\n";

std::string air() { return " --data " + data("airpassengers.csv") + " --h 6 -q"; }

// trials.csv without its seconds column (times differ between runs).
std::string trials_without_times(const std::string& dir) {
  std::string out;
  for (const auto& row : csv_rows(read(dir + "/trials.csv"))) {
    for (size_t i = 0; i + 1 < row.size(); ++i) out += row[i] + ",";
    out += "\n";
  }
  return out;
}

TEST(TftAuto, SameSeedSameTrialsAndTheBestRunPredicts) {
  TempDir dir;
  const std::string space = write_space(dir, "space.yaml", kSmallFixed + R"(random:
  samples: 4
  params:
    learning_rate: {loguniform: [1.0e-3, 1.0e-1]}
    dropout: {quniform: [0.0, 0.3, 0.1]}
    random_seed: {randint: [1, 20]}
)");
  const auto a = tft("auto" + air() + " --space " + space + " --seed 5 --parallel 2 -o " + dir.path("a"));
  ASSERT_EQ(a.code, 0) << a.out;
  const auto b = tft("auto" + air() + " --space " + space + " --seed 5 --parallel 1 -o " + dir.path("b"));
  ASSERT_EQ(b.code, 0) << b.out;
  EXPECT_EQ(trials_without_times(dir.path("a")), trials_without_times(dir.path("b")))
      << "the same seed draws the same trials, whatever the parallelism";
  const auto rows = csv_rows(read(dir.path("a/trials.csv")));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"trial", "learning_rate", "dropout", "random_seed", "best_valid_loss",
                                               "steps", "status", "seconds"}));
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i][6], "finished") << read(dir.path("a/trials.csv"));
  const auto c = tft("auto" + air() + " --space " + space + " --seed 6 -o " + dir.path("c"));
  ASSERT_EQ(c.code, 0) << c.out;
  EXPECT_NE(trials_without_times(dir.path("a")), trials_without_times(dir.path("c")));

  EXPECT_TRUE(fs::exists(dir.path("a/search.png")));
  const auto predicted = tft("predict --model " + dir.path("a/best"));
  EXPECT_EQ(predicted.code, 0) << predicted.out;
  EXPECT_NE(predicted.out.find("unique_id,ds,TFT"), std::string::npos) << predicted.out;
}

TEST(TftAuto, FixtureSpaceIsRefusedBeforeAnyTrialNamingTheKey) {
  TempDir dir;
  const std::string space = write_space(dir, "space.yaml", kSmallFixed + R"(grid:
  stat_exog_list: [[], [female]]
random:
  samples: 4
  params:
    learning_rate: {loguniform: [1.0e-3, 1.0e-1]}
)");
  const std::string args = " --data " + data("uk_lung_deaths.csv") + " --static " + data("uk_lung_deaths_static.csv") +
                           " --h 6 --space " + space + " -o " + dir.path("search");
  const auto r = tft("auto --model tft-unconditional-static" + args);
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("refused before any trial"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("static_encoder.vsn.joint_grn.lin_a.weight"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stat_exog_size == 0"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir.path("search"))) << "no trial ran";
  // The real TFT over the same space passes (the two static lists, once
  // each: the learning rate builds nothing), and --preflight-only stops there.
  const auto sound = tft("auto --preflight-only" + args);
  EXPECT_EQ(sound.code, 0) << sound.out;
  EXPECT_NE(sound.out.find("pre-flight passed: 2 structural configuration(s)"), std::string::npos) << sound.out;
  EXPECT_FALSE(fs::exists(dir.path("search")));
}

TEST(TftAuto, AFailingTrialIsRecordedAndTheSearchGoesOn) {
  TempDir dir;
  // 144 months cannot hold a window of 400 inputs: those trials fail.
  const std::string space = write_space(dir, "space.yaml", kSmallFixed + R"(grid:
  input_size: [12, 400]
random:
  samples: 4
  seed: 1
  params:
    random_seed: {randint: [1, 20]}
)");
  const auto r = tft("auto" + air() + " --space " + space + " -o " + dir.path("s"));
  ASSERT_EQ(r.code, 0) << r.out;
  int failed = 0, finished = 0;
  for (const auto& line : csv_rows(read(dir.path("s/trials.csv")))) {
    if (line[0] == "trial") continue;
    (line[1] == "400" ? failed : finished) += 1;
    EXPECT_EQ(line[5], line[1] == "400" ? "failed" : "finished") << read(dir.path("s/trials.csv"));
  }
  EXPECT_GT(failed, 0);
  EXPECT_GT(finished, 0);
  EXPECT_NE(read(dir.path("s/trials.jsonl")).find("too short"), std::string::npos) << "the trial's own error is kept";
}

TEST(TftAuto, AshaStopsTheTrialsWithABadLearningRate) {
  TempDir dir;
  const std::string space = write_space(dir, "space.yaml", R"(fixed: {h: 6, input_size: 12, max_steps: 120,
  batch_size: 4, windows_batch_size: 32, hidden_size: 8, n_head: 2}
random:
  samples: 8
  seed: 2
  params:
    learning_rate: [3.0e-3, 3.0]
    random_seed: {randint: [1, 20]}
)");
  const auto r = tft("auto" + air() + " --space " + space +
                     " --scheduler asha --grace-period 20 --reduction-factor 2 -o " + dir.path("s"));
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string table = read(dir.path("s/trials.csv"));
  int64_t steps = 0;
  for (const auto& row : csv_rows(table)) {
    if (row[0] == "trial") continue;
    steps += std::stoll(row[4]);
    if (row[1] == "3") {
      EXPECT_EQ(row[5], "pruned") << "a bad learning rate ran to the end:\n" << table;
    }
  }
  EXPECT_LT(steps, 8 * 120 * 3 / 4) << "ASHA saved at least a quarter of the steps:\n" << table;
  const auto best = nlohmann::json::parse(read(dir.path("s/best/trial.json")));
  EXPECT_EQ(best["learning_rate"], 3.0e-3) << table;
}

TEST(TftAuto, InterruptedSearchResumesWithoutRerunningFinishedTrials) {
  TempDir dir;
  const std::string space = write_space(dir, "space.yaml", kSmallFixed + R"(random:
  samples: 4
  params:
    learning_rate: {loguniform: [1.0e-3, 1.0e-1]}
)");
  const std::string folder = dir.path("s");
  // With a static table and no --stat-exog: every trial uses all its columns.
  const std::string lung = " --data " + data("uk_lung_deaths.csv") + " --static " +
                           data("uk_lung_deaths_static.csv") + " --h 6 -q";
  const pid_t pid = start_tft("auto" + lung + " --space " + space + " -o " + folder, dir.path("log"));
  for (int i = 0; i < 1200 && csv_rows(read(folder + "/trials.csv")).size() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  kill(pid, SIGINT);
  const int status = wait_for_exit(pid, std::chrono::seconds(60));
  ASSERT_TRUE(WIFEXITED(status)) << read(dir.path("log"));
  ASSERT_EQ(WEXITSTATUS(status), 130) << read(dir.path("log"));
  const auto before = csv_rows(read(folder + "/trials.csv"));
  ASSERT_GE(before.size(), 2u);
  ASSERT_LT(before.size(), 5u) << "the search ended before Ctrl-C";
  const auto first_log = fs::last_write_time(folder + "/trial-000/log.txt");

  const auto resumed = tft("auto --resume " + folder + " -q");
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  const auto after = csv_rows(read(folder + "/trials.csv"));
  ASSERT_EQ(after.size(), 5u) << read(folder + "/trials.csv");
  EXPECT_EQ(after[1], before[1]) << "trial 0 was not run again";
  EXPECT_EQ(fs::last_write_time(folder + "/trial-000/log.txt"), first_log);
  EXPECT_TRUE(fs::exists(folder + "/best/checkpoint/run.json"));
  for (int trial = 0; trial < 4; ++trial) {
    const auto run = nlohmann::json::parse(read(folder + "/trial-00" + std::to_string(trial) + "/run/checkpoint/run.json"));
    EXPECT_EQ(run["data"]["stat_exog_list"], nlohmann::json({"female"}))
        << "trial " << trial << " trained without the static table the search was given";
  }
}

TEST(TftAuto, BadOptionsAreInputErrors) {
  TempDir dir;
  for (const std::string flags : {" --search grid", " --scheduler hyperband", " --parallel 0", " --reduction-factor 1"}) {
    const auto r = tft("auto" + air() + flags + " -o " + dir.path("s"));
    EXPECT_EQ(r.code, 2) << flags << ": " << r.out;
  }
  const auto no_h = tft("auto --data " + data("airpassengers.csv") + " -o " + dir.path("s"));
  EXPECT_EQ(no_h.code, 2) << no_h.out;
  EXPECT_NE(no_h.out.find("--h: required"), std::string::npos) << no_h.out;
  const auto not_a_search = tft("auto --resume " + dir.path("nothing"));
  EXPECT_EQ(not_a_search.code, 2) << not_a_search.out;
}

}  // namespace
}  // namespace gradaudit::testing
