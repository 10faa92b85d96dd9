// The same audit twice gives the same report: builds are seeded from their
// configuration, each DDP rank runs the batch the prediction assumed, and
// TorchScript ranks never clone a shared module. JSON is compared without
// its timing fields ("seconds"), which are measurements.
#include <algorithm>
#include <cstdlib>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/script.h>

#include "cli/gradaudit_app.h"
#include "cli_runner.h"
#include "registered_models.h"
#include "temp_dir.h"

namespace gradaudit::testing {
namespace {

CliResult gradaudit(const std::vector<std::string>& args) {
  return run_cli([](int argc, const char* const* argv) { return cli::run_gradaudit(argc, argv, registered_models()); },
                 "gradaudit", args);
}

void drop_timings(nlohmann::json& j) {
  if (j.is_object()) {
    j.erase("seconds");
    for (auto& [key, value] : j.items()) drop_timings(value);
  } else if (j.is_array()) {
    for (auto& value : j) drop_timings(value);
  }
}

std::string report_without_timings(const std::vector<std::string>& args) {
  const auto r = gradaudit(args);
  EXPECT_NE(r.code, 2) << r.err;
  EXPECT_NE(r.code, 3) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (j.is_discarded()) return "not JSON: " + r.out + r.err;
  drop_timings(j);
  return j.dump(2);
}

// Fifty runs; the ThreadSanitizer build asks for fewer (GRADAUDIT_REPEAT_RUNS,
// tests/tsan/run.sh): TSan reports a race from the order of accesses it sees,
// whether or not the race changed a result, so a few runs show what fifty do.
int repeat_runs() {
  const char* runs = std::getenv("GRADAUDIT_REPEAT_RUNS");
  return runs ? std::max(2, std::atoi(runs)) : 50;
}

void expect_repeatable(const std::vector<std::string>& args, int runs = repeat_runs()) {
  const std::string first = report_without_timings(args);
  for (int run = 1; run < runs; ++run) {
    const std::string again = report_without_timings(args);
    ASSERT_EQ(again, first) << "run " << run + 1 << " of " << runs << " differs";
  }
}

TEST(TraceRepeatability, RegisteredModelWithDdpConfirmationFiftyRuns) {
  TempDir dir;
  const std::string space = dir.write("s.yaml",
                                      "fixed: {h: 4, input_size: 8, hidden_size: 8, n_head: 2}\n"
                                      "grid: {stat_exog_size: [0, 1], futr_exog_size: [0, 1]}\n");
  expect_repeatable({"trace", "--model", "tft-unconditional-static", "--space", space, "--format", "json", "-j", "2",
                     "--confirm-ddp"});
}

// A TorchScript model with 30 submodules and dropout, confirmed with DDP:
// ranks used to clone the module on their threads, racing in its shared
// compilation unit ("double free", "method ... already defined").
std::string save_wide_model(const TempDir& dir) {
  torch::jit::Module model("Wide");
  std::string body = "def forward(self, x: Tensor) -> Tensor:\n    y = x\n";
  for (int i = 0; i < 30; ++i) {
    torch::jit::Module block("Block" + std::to_string(i));
    block.register_parameter("weight", at::randn({4, 4}).set_requires_grad(true), false);
    block.define("def forward(self, x: Tensor) -> Tensor:\n    return torch.dropout(x.matmul(self.weight), 0.1, True)\n");
    model.register_module("block" + std::to_string(i), block);
    if (i != 7) body += "    y = self.block" + std::to_string(i) + ".forward(y)\n";  // block7 unused
  }
  body += "    return y\n";
  model.define(body);
  model.save(dir.path("wide.pt"));
  return dir.path("wide.pt");
}

TEST(TraceRepeatability, TorchScriptWithDdpConfirmationFiftyRuns) {
  TempDir dir;
  const std::string model = save_wide_model(dir);
  const std::string spec = dir.write("spec.json", R"([{"shape": [3, 4]}])");
  const std::vector<std::string> args = {"trace", "--torchscript", model, "--input-spec", spec, "--format", "json",
                                         "--confirm-ddp", "--batches", "3"};
  const auto once = gradaudit(args);
  ASSERT_EQ(once.code, 1) << once.err;
  const auto j = nlohmann::json::parse(once.out);
  ASSERT_EQ(j["ddp_checks"].size(), 1u);
  EXPECT_TRUE(j["ddp_checks"][0]["agrees"].get<bool>()) << once.out;
  EXPECT_EQ(j["ddp_checks"][0]["reported_unused"], nlohmann::json::array({"block7.weight"}));
  expect_repeatable(args);
}

}  // namespace
}  // namespace gradaudit::testing
