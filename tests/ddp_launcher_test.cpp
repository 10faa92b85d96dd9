// The local launcher: environment per rank, exit codes and signals, and
// stopping the other ranks when one fails.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "common/input_error.h"
#include "ddp/launcher.h"
#include "ddp/rendezvous.h"
#include "temp_dir.h"

namespace gradaudit::ddp {
namespace {

LaunchResult sh(int nproc, const std::string& script, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  return launch_local(nproc, {"/bin/sh", "-c", script}, timeout, std::chrono::milliseconds(300));
}

TEST(Launcher, EveryRankGetsTheTorchrunEnvironment) {
  const auto r = sh(3, R"SH(test "$WORLD_SIZE" = 3 && test "$RANK" = "$LOCAL_RANK" && test "$RANK" -lt 3 &&
                         test "$MASTER_ADDR" = 127.0.0.1 && test "$MASTER_PORT" -gt 0 && test "$LOCAL_WORLD_SIZE" = 3 &&
                         test "$(dirname "$GRADAUDIT_STORE_FILE")" = "$(dirname "$GRADAUDIT_ERROR_FILE")" &&
                         test "$(stat -c %a "$(dirname "$GRADAUDIT_STORE_FILE")")" = 700)SH");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.ranks.size(), 3u);
}

TEST(Launcher, ReportsExitCodesAndSignals) {
  const auto r = sh(2, R"(if [ "$RANK" = 0 ]; then exit 3; else kill -9 $$; fi)");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.ranks[0].exit_code, 3);
  EXPECT_EQ(r.ranks[1].signal, SIGKILL);
  EXPECT_FALSE(r.ranks[1].ok()) << "a rank killed by a signal is a failure";
}

TEST(Launcher, StopsTheOthersAfterAFailure) {
  const auto start = std::chrono::steady_clock::now();
  const auto r = sh(2, R"(if [ "$RANK" = 0 ]; then exit 1; else exec sleep 30; fi)");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(r.ranks[1].signal, SIGTERM);
  EXPECT_FALSE(r.timed_out);
}

TEST(Launcher, KillsARankThatIgnoresSigterm) {
  const auto start = std::chrono::steady_clock::now();
  // Rank 1 traps SIGTERM (as a rank stuck in a collective might not react).
  // Rank 0 fails only once the trap is set: on a loaded machine (the TSan
  // run) SIGTERM used to come first and end rank 1 before it trapped it.
  gradaudit::testing::TempDir dir;
  setenv("GRADAUDIT_TRAP_FLAG", dir.path("trapped").c_str(), 1);
  const auto r = sh(2, R"(if [ "$RANK" = 0 ]; then while [ ! -e "$GRADAUDIT_TRAP_FLAG" ]; do sleep 0.05; done; exit 1;
                         else trap '' TERM; touch "$GRADAUDIT_TRAP_FLAG"; while :; do sleep 0.05; done; fi)");
  unsetenv("GRADAUDIT_TRAP_FLAG");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(r.ranks[1].signal, SIGKILL);
  EXPECT_EQ(r.first_failed_rank, 0);
}

TEST(Launcher, ReplacesInheritedRankVariablesAndKeepsTheRest) {
  setenv("RANK", "7", 1);
  setenv("GRADAUDIT_LAUNCHER_TEST", "kept", 1);
  const auto r = sh(2, R"(test "$RANK" -lt 2 && test "$GRADAUDIT_LAUNCHER_TEST" = kept)");
  unsetenv("RANK");
  unsetenv("GRADAUDIT_LAUNCHER_TEST");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.first_failed_rank, -1);
}

TEST(Launcher, TimesOut) {
  const auto r = sh(1, "exec sleep 30", std::chrono::milliseconds(200));
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.ok());
}

TEST(Launcher, ReportsTheErrorLineARankLeft) {
  const auto r = sh(2, R"(if [ "$RANK" = 1 ]; then echo "tft: error: data.csv:3:2: bad" >> "$GRADAUDIT_ERROR_FILE"; exit 2; fi)");
  EXPECT_EQ(r.first_failed_rank, 1);
  EXPECT_EQ(r.ranks[1].error, "tft: error: data.csv:3:2: bad");
  EXPECT_EQ(r.ranks[1].describe(), "exited with 2: tft: error: data.csv:3:2: bad");
  EXPECT_TRUE(r.ranks[0].error.empty());
}

TEST(Launcher, RanksOfALaterNodeAreNumberedAfterTheFirstNodes) {
  LaunchSpec spec;
  spec.argv = {"/bin/sh", "-c",
               R"(test "$WORLD_SIZE" = 6 && test "$GROUP_RANK" = 1 && test "$LOCAL_WORLD_SIZE" = 3 &&
                  test "$RANK" = $((3 + LOCAL_RANK)) && test "$MASTER_ADDR" = node0 && test "$MASTER_PORT" = 29555 &&
                  test -z "$GRADAUDIT_STORE_FILE")"};  // other machines cannot open a file of this one
  spec.nproc_per_node = 3;
  spec.nnodes = 2;
  spec.node_rank = 1;
  spec.master_addr = "node0";
  spec.master_port = 29555;
  const auto r = launch(spec);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.first_rank, 3);
  spec.master_port = 0;
  EXPECT_THROW(launch(spec), std::invalid_argument) << "several nodes need a port every node knows";
}

TEST(Launcher, PassesCtrlCOnToEveryRank) {
  char ready[] = "/tmp/gradaudit-ctrl-c-XXXXXX";
  ASSERT_NE(mkdtemp(ready), nullptr);
  LaunchSpec spec;
  // Once both ranks are listening, rank 0 plays the user pressing Ctrl-C at
  // the launcher (its parent); each rank leaves with 130 when the launcher
  // passes it on.
  spec.argv = {"/bin/sh", "-c",
               std::string(R"(trap 'exit 130' INT; touch )") + ready + R"(/$RANK;
                  if [ "$RANK" = 0 ]; then while [ ! -e )" + ready + R"(/1 ]; do sleep 0.01; done; kill -INT $PPID; fi;
                  while :; do sleep 0.02; done)"};
  spec.nproc_per_node = 2;
  spec.timeout = std::chrono::seconds(20);
  const auto r = launch(spec);
  std::filesystem::remove_all(ready);
  EXPECT_EQ(r.forwarded_signal, SIGINT);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.first_failed_rank, -1) << "a rank that stops on Ctrl-C has not failed";
  for (const auto& rank : r.ranks) EXPECT_EQ(rank.exit_code, 130) << rank.describe();
}

TEST(Rendezvous, ReadsTorchrunSlurmAndMpiVariables) {
  for (const char* v : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "MASTER_PORT"}) unsetenv(v);
  EXPECT_FALSE(rendezvous_from_environment());
  setenv("SLURM_PROCID", "3", 1);
  setenv("SLURM_NTASKS", "4", 1);
  setenv("SLURM_LOCALID", "1", 1);
  auto r = rendezvous_from_environment();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rank, 3);
  EXPECT_EQ(r->world_size, 4);
  EXPECT_EQ(r->local_rank, 1);
  setenv("RANK", "1", 1);  // torchrun's variables win
  setenv("WORLD_SIZE", "2", 1);
  setenv("MASTER_PORT", "29511", 1);
  r = rendezvous_from_environment();
  EXPECT_EQ(r->rank, 1);
  EXPECT_EQ(r->master_port, 29511);
  setenv("RANK", "5", 1);
  EXPECT_THROW(rendezvous_from_environment(), InputError);
  setenv("RANK", "x", 1);
  EXPECT_THROW(rendezvous_from_environment(), InputError);
  for (const char* v : {"RANK", "WORLD_SIZE", "SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID", "MASTER_PORT"}) unsetenv(v);
}

}  // namespace
}  // namespace gradaudit::ddp
