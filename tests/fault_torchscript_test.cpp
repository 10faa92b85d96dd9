// A TorchScript archive cut short at every 10 % of its length is refused by
// `gradaudit trace` as users run it: exit 2 and one line naming the file.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <algorithm>
#include <fstream>

#include "cli_runner.h"
#include "temp_dir.h"

namespace {

using gradaudit::testing::run_command;
using gradaudit::testing::TempDir;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A small scripted model, compiled here from TorchScript source: no Python.
std::string save_scripted_model(const TempDir& dir) {
  torch::jit::Module module("Scale");
  module.register_parameter("weight", torch::ones({4}), /*is_buffer=*/false);
  module.define(R"(
def forward(self, x):
    return x * self.weight
)");
  module.save(dir.path("model.pt"));
  return dir.path("model.pt");
}

TEST(TorchScriptFaults, AnArchiveTruncatedAtEveryTenthIsRefusedCleanly) {
  TempDir dir;
  const std::string good = read_bytes(save_scripted_model(dir));
  const std::string spec = dir.write("spec.json", R"([{"shape": [2, 4]}])");
  const std::string trace = std::string(GRADAUDIT_EXE) + " trace --input-spec " + spec + " --torchscript ";
  const auto whole = run_command(trace + dir.path("model.pt"));
  ASSERT_EQ(whole.code, 0) << "the untruncated model must pass, or the test proves nothing: " << whole.out;
  for (int percent = 0; percent < 100; percent += 10) {
    const std::string cut = dir.write("cut" + std::to_string(percent) + ".pt", good.substr(0, good.size() * percent / 100));
    // stderr only: the one line a user sees.
    const auto r = run_command("(" + trace + cut + " 2>&1 >/dev/null)");
    EXPECT_EQ(r.code, 2) << percent << " %: " << r.out;
    EXPECT_NE(r.out.find(cut + ": "), std::string::npos) << percent << " %: " << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << percent << " %: " << r.out;
  }
}

}  // namespace
