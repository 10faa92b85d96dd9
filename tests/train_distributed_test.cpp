// tft train on several processes, as users run it: --nproc-per-node, the
// environments torchrun, Slurm and Open MPI set, the pre-flight before any
// rank starts, a rank killed mid-run, Ctrl-C, resuming at another world size.
// Every rank is a real process meeting the others over Gloo on loopback.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/nn/module.h>

#include <filesystem>

#include "ddp/launcher.h"
#include "registered_models.h"
#include "temp_dir.h"
#include "tft_process.h"
#include "train/forecast.h"

namespace gradaudit::testing {
namespace {

namespace fs = std::filesystem;

// Three series with static, historic and future columns; dropout off, so
// that the ranks' sum of work is the same computation as one process's.
std::string panel_run(int windows, int series) {
  return "train --data " + data("seatbelts_panel.csv") + " --static " + data("seatbelts_static.csv") +
         " --hist-exog kms,PetrolPrice --futr-exog law --h 6 --input-size 12 --hidden-size 8 --n-head 2"
         " --dropout 0 --attn-dropout 0 --threads 1 -q --learning-rate 0.01 --max-steps 12 --val-size 6"
         " --val-check-steps 12 --windows-batch-size " +
         std::to_string(windows) + " --batch-size " + std::to_string(series);
}

const std::string kSmall = " --data " + data("airpassengers.csv") +
                           " --h 6 --input-size 12 --hidden-size 8 --n-head 2 --batch-size 4 --windows-batch-size 16"
                           " --threads 1 -q --val-size 12 --val-check-steps 5";

void expect_same_parameters(const std::string& one_process, const std::string& ranks) {
  const train::LoadedRun a = train::load_run(registered_models(), one_process);
  const train::LoadedRun b = train::load_run(registered_models(), ranks);
  const auto theirs = b.model.module->named_parameters();
  size_t compared = 0;
  for (const auto& p : a.model.module->named_parameters()) {
    const at::Tensor& other = theirs[p.key()];
    EXPECT_TRUE(at::allclose(p.value(), other, /*rtol=*/1e-4, /*atol=*/1e-5))
        << p.key() << ": largest difference " << (p.value() - other).abs().max().item<double>();
    ++compared;
  }
  EXPECT_GT(compared, 50u);
}

class RanksMatchOneProcess : public ::testing::TestWithParam<int> {};

TEST_P(RanksMatchOneProcess, SameParametersAndLossesAfterTheSameSteps) {
  const int n = GetParam();
  TempDir dir;
  // One process with n times the batch, n ranks with a share each.
  const auto one = tft(panel_run(8 * n, 1 * n) + " -o " + dir.path("one"));
  ASSERT_EQ(one.code, 0) << one.out;
  const auto many = tft(panel_run(8, 1) + " --nproc-per-node " + std::to_string(n) + " -o " + dir.path("many"));
  ASSERT_EQ(many.code, 0) << many.out;
  expect_same_parameters(dir.path("one"), dir.path("many"));
  const auto a = csv_rows(read(dir.path("one/metrics.csv"))), b = csv_rows(read(dir.path("many/metrics.csv")));
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_NEAR(std::stod(a[1][1]), std::stod(b[1][1]), 1e-5 * std::stod(a[1][1])) << "train_loss";
  EXPECT_NEAR(std::stod(a[1][2]), std::stod(b[1][2]), 1e-5 * std::stod(a[1][2])) << "valid_loss, reduced over ranks";
}

INSTANTIATE_TEST_SUITE_P(TwoAndThree, RanksMatchOneProcess, ::testing::Values(2, 3));

TEST(TrainDistributed, AccumulatedMicroBatchesOnTwoRanksTrain) {
  TempDir dir;
  const auto r = tft("train" + kSmall + " --max-steps 20 --accumulate-grad-batches 3 --check-sync-every 5"
                     " --nproc-per-node 2 -o " + dir.path("run"));
  ASSERT_EQ(r.code, 0) << r.out;
  const auto rows = csv_rows(read(dir.path("run/metrics.csv")));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_LT(std::stod(rows.back()[1]), std::stod(rows[1][1])) << "the training loss went down";
  const auto record = nlohmann::json::parse(read(dir.path("run/checkpoint/run.json")));
  EXPECT_EQ(record["config"]["accumulate_grad_batches"], 3) << "recorded, so --resume accumulates the same way";
}

TEST(TrainDistributed, PreflightStopsTheFixtureBeforeAnyRankStarts) {
  TempDir dir;
  const auto r = tft("train --model tft-unconditional-static" + kSmall + " --max-steps 5 --nproc-per-node 2 -o " +
                     dir.path("run"));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("refused before starting any rank"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("static_encoder.vsn."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--find-unused-parameters"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("rank 0"), std::string::npos) << "no rank ran: " << r.out;
  EXPECT_FALSE(fs::exists(dir.path("run"))) << "nothing written";

  const auto only = tft("train --model tft-unconditional-static" + kSmall + " --preflight-only -o " + dir.path("run"));
  EXPECT_EQ(only.code, 1) << only.out;
  EXPECT_NE(only.out.find("static_encoder.vsn."), std::string::npos) << only.out;
  const auto sound = tft("train" + kSmall + " --preflight-only -o " + dir.path("run"));
  EXPECT_EQ(sound.code, 0) << sound.out;
  EXPECT_NE(sound.out.find("pre-flight passed"), std::string::npos) << sound.out;
  EXPECT_FALSE(fs::exists(dir.path("run"))) << "--preflight-only trains nothing";
}

TEST(TrainDistributed, WithoutPreflightEveryRankFailsNamingTheParameters) {
  TempDir dir;
  const auto r = tft("train --model tft-unconditional-static --no-preflight" + kSmall +
                     " --max-steps 50 --nproc-per-node 2 -o " + dir.path("run"));
  EXPECT_EQ(r.code, 1) << r.out;
  for (const char* rank : {"rank 0: DDP: the previous iteration left", "rank 1: DDP: the previous iteration left"})
    EXPECT_NE(r.out.find(rank), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("failed first"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("static_encoder.vsn.joint_grn"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--find-unused-parameters"), std::string::npos) << "the fix is named: " << r.out;
}

TEST(TrainDistributed, FindUnusedParametersTrainsTheFixture) {
  TempDir dir;
  const auto r = tft("train --model tft-unconditional-static --find-unused-parameters" + kSmall +
                     " --max-steps 10 --nproc-per-node 2 -o " + dir.path("run"));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(csv_rows(read(dir.path("run/metrics.csv"))).size(), 3u);
}

// The pids of the ranks the launcher `launcher` started.
std::vector<pid_t> children_of(pid_t launcher) {
  std::istringstream in(read("/proc/" + std::to_string(launcher) + "/task/" + std::to_string(launcher) + "/children"));
  std::vector<pid_t> pids;
  for (pid_t pid; in >> pid;) pids.push_back(pid);
  return pids;
}

TEST(TrainDistributed, KilledRankEndsTheOthersWithAClearError) {
  TempDir dir;
  const pid_t launcher =
      start_tft("train" + kSmall + " --max-steps 1000000 --nproc-per-node 3 -o " + dir.path("run"), dir.path("log"));
  wait_for_rows(dir.path("run/metrics.csv"), 1, launcher);
  const std::vector<pid_t> ranks = children_of(launcher);
  ASSERT_EQ(ranks.size(), 3u) << read(dir.path("log"));
  kill(ranks[1], SIGKILL);
  const int status = wait_for_exit(launcher, std::chrono::seconds(60));
  const std::string log = read(dir.path("log"));
  ASSERT_NE(status, -1) << "the other ranks hung: " << log;
  ASSERT_TRUE(WIFEXITED(status)) << log;
  EXPECT_EQ(WEXITSTATUS(status), 1) << log;
  EXPECT_NE(log.find("rank 1 failed first: was killed by signal 9"), std::string::npos) << log;
  for (const char* rank : {"rank 0 exited with 1", "rank 2 exited with 1"})
    EXPECT_NE(log.find(rank), std::string::npos) << log;
}

TEST(TrainDistributed, CtrlCStopsEveryRankAndTheRunResumesOnAnotherWorldSize) {
  TempDir dir;
  const std::string run = dir.path("run");
  const pid_t launcher = start_tft("train" + kSmall + " --max-steps 300 --nproc-per-node 2 -o " + run, dir.path("log"));
  wait_for_rows(run + "/metrics.csv", 1, launcher);
  kill(launcher, SIGINT);
  const int status = wait_for_exit(launcher, std::chrono::seconds(60));
  const std::string log = read(dir.path("log"));
  ASSERT_TRUE(WIFEXITED(status)) << log;
  EXPECT_EQ(WEXITSTATUS(status), 130) << log;
  EXPECT_NE(log.find("continue with: tft train --resume"), std::string::npos) << log;
  const int64_t stopped = nlohmann::json::parse(read(run + "/checkpoint/run.json"))["state"]["step"].get<int64_t>();
  ASSERT_GT(stopped, 0);
  ASSERT_LT(stopped, 300) << "the run ended before Ctrl-C";

  const auto resumed = tft("train --resume " + run + " --threads 1 -q --nproc-per-node 3");
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  const auto record = nlohmann::json::parse(read(run + "/checkpoint/run.json"));
  EXPECT_EQ(record["state"]["step"], 300);
  EXPECT_TRUE(record["state"]["finished"].get<bool>());
  const auto rows = csv_rows(read(run + "/metrics.csv"));
  EXPECT_EQ(rows.size(), 1u + 300 / 5) << "one row per check, none lost or repeated";
}

// Two processes started the way an outside launcher starts them.
void expect_two_ranks_train(const std::string& rank0_env, const std::string& rank1_env) {
  TempDir dir;
  const std::string args = "train" + kSmall + " --max-steps 10 -o " + dir.path("run");
  const pid_t a = start_tft(args, dir.path("log0"), rank0_env), b = start_tft(args, dir.path("log1"), rank1_env);
  const int status_a = wait_for_exit(a, std::chrono::seconds(60)), status_b = wait_for_exit(b, std::chrono::seconds(60));
  EXPECT_TRUE(WIFEXITED(status_a) && WEXITSTATUS(status_a) == 0) << read(dir.path("log0"));
  EXPECT_TRUE(WIFEXITED(status_b) && WEXITSTATUS(status_b) == 0) << read(dir.path("log1"));
  EXPECT_EQ(csv_rows(read(dir.path("run/metrics.csv"))).size(), 3u) << "rank 0 wrote the run, once";
}

TEST(TrainDistributed, TorchrunSlurmAndMpiEnvironmentsRendezvous) {
  const std::string port = std::to_string(ddp::free_loopback_port());
  expect_two_ranks_train("RANK=0 LOCAL_RANK=0 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=" + port,
                         "RANK=1 LOCAL_RANK=1 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT=" + port);
  const std::string slurm_port = std::to_string(ddp::free_loopback_port());
  expect_two_ranks_train("SLURM_PROCID=0 SLURM_NTASKS=2 SLURM_LOCALID=0 MASTER_PORT=" + slurm_port,
                         "SLURM_PROCID=1 SLURM_NTASKS=2 SLURM_LOCALID=1 MASTER_PORT=" + slurm_port);
  const std::string mpi_port = std::to_string(ddp::free_loopback_port());
  expect_two_ranks_train(
      "OMPI_COMM_WORLD_RANK=0 OMPI_COMM_WORLD_SIZE=2 OMPI_COMM_WORLD_LOCAL_RANK=0 MASTER_PORT=" + mpi_port,
      "OMPI_COMM_WORLD_RANK=1 OMPI_COMM_WORLD_SIZE=2 OMPI_COMM_WORLD_LOCAL_RANK=1 MASTER_PORT=" + mpi_port);
}

TEST(TrainDistributed, ARankThatNeverJoinsIsNamedAfterTheTimeout) {
  TempDir dir;
  const std::string port = std::to_string(ddp::free_loopback_port());
  const pid_t pid = start_tft("train" + kSmall + " --max-steps 5 --timeout 2 -o " + dir.path("run"), dir.path("log"),
                              "RANK=0 WORLD_SIZE=3 MASTER_PORT=" + port);
  const int status = wait_for_exit(pid, std::chrono::seconds(60));
  const std::string log = read(dir.path("log"));
  ASSERT_TRUE(WIFEXITED(status)) << log;
  EXPECT_EQ(WEXITSTATUS(status), 1) << log;
  EXPECT_NE(log.find("ranks 1, 2 did not join within 2 s (1 of 3 joined)"), std::string::npos) << log;
}

TEST(TrainDistributed, BadTopologyIsAnInputError) {
  TempDir dir;
  for (const std::string flags : {" --nproc-per-node 2 --nnodes 2 --node-rank 2", " --nproc-per-node 2 --nnodes 2",
                                  " --precision 16-mixed --devices cpu", " --precision bf16-mixed --devices cpu", " --devices tpu", " --precision 8"}) {
    const auto r = tft("train" + kSmall + " --max-steps 2" + flags + " -o " + dir.path("run"));
    EXPECT_EQ(r.code, 2) << flags << ": " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << flags << ": " << r.out;
  }
}

}  // namespace
}  // namespace gradaudit::testing
