// gradaudit ddp-run: real DDP jobs on two local processes over Gloo, started
// by the built-in launcher, fail exactly where trace predicts.
#include <gtest/gtest.h>

#include <string>

#include "cli_runner.h"

namespace gradaudit::testing {
namespace {

CliResult run(const std::string& args) { return run_command(std::string(GRADAUDIT_EXE) + " " + args); }

const std::string kSmall = " --config hidden_size=8,n_head=2,h=4,input_size=8";

TEST(DdpRun, FixtureWithoutStaticInputsFailsOnTwoProcesses) {
  const auto r = run("ddp-run --model tft-unconditional-static --nproc 2" + kSmall + ",stat_exog_size=0");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("rank 0: DDP: the previous iteration left 48 parameter(s) without gradient: "
                       "static_encoder.vsn.joint_grn.lin_a.weight"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("2 rank(s) failed"), std::string::npos) << r.out;
}

TEST(DdpRun, FixtureWithStaticInputsAndTheRealTftRunClean) {
  for (const std::string& args : {"--model tft-unconditional-static" + kSmall + ",stat_exog_size=1",
                                  "--model tft" + kSmall + ",stat_exog_size=0"}) {
    const auto r = run("ddp-run --nproc 2 " + args);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("2 ranks, 2 iterations: no error"), std::string::npos) << r.out;
  }
}

TEST(DdpRun, FindUnusedParametersToleratesTheFixture) {
  const auto r = run("ddp-run --model tft-unconditional-static --find-unused-parameters" + kSmall + ",stat_exog_size=0");
  EXPECT_EQ(r.code, 0) << r.out;
}

TEST(DdpRun, BadConfigurationIsAnInputError) {
  const auto r = run("ddp-run --model tft --config hiden_size=8");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("unknown key for model 'tft'"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gradaudit::testing
