// Manifest entries are streamed: a model is loaded when its probe starts and
// released when it ends, so at most `jobs` models are alive at once, however
// long the manifest.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <algorithm>
#include <mutex>

#include "common/input_error.h"
#include "temp_dir.h"
#include "trace/audit.h"
#include "trace/torchscript.h"

namespace gradaudit::testing {
namespace {

void save_model(const TempDir& dir, const std::string& name) {
  torch::jit::Module model("Model");
  model.register_parameter("weight", at::randn({3, 3}).set_requires_grad(true), false);
  model.register_parameter("unused", at::randn({3}).set_requires_grad(true), false);
  model.define("def forward(self, x: Tensor) -> Tensor:\n    return x.matmul(self.weight)\n");
  model.save(dir.path(name));
}

// Counts the subjects alive while each new one is built.
struct Liveness {
  std::mutex mutex;
  std::vector<std::weak_ptr<void>> owners;
  size_t most_alive = 0;

  void track(trace::AuditTarget& target) {
    target.make_subject = [this, inner = target.make_subject](const config::Configuration& c) {
      trace::AuditSubject s = inner(c);
      std::lock_guard<std::mutex> lock(mutex);
      owners.push_back(s.owner);
      const auto alive = std::count_if(owners.begin(), owners.end(), [](const auto& w) { return !w.expired(); });
      most_alive = std::max(most_alive, static_cast<size_t>(alive));
      return s;
    };
  }
  bool all_released() const {
    return std::all_of(owners.begin(), owners.end(), [](const auto& w) { return w.expired(); });
  }
};

TEST(TraceStreaming, AtMostOneModelPerWorkerIsAlive) {
  TempDir dir;
  std::string entries;
  for (int i = 0; i < 8; ++i) {
    save_model(dir, "m" + std::to_string(i) + ".pt");
    entries += std::string(i ? "," : "") + R"({"name": "e)" + std::to_string(i) + R"(", "model": "m)" +
               std::to_string(i) + R"(.pt", "inputs": "spec.json"})";
  }
  dir.write("spec.json", R"([{"shape": [2, 3]}])");
  const std::string manifest = dir.write("manifest.json", R"({"entries": [)" + entries + "]}");
  for (int jobs : {1, 2}) {
    auto targets = trace::manifest_targets(manifest);
    Liveness liveness;
    for (auto& t : targets) liveness.track(t);
    const auto result = trace::run_audit(std::move(targets), trace::AuditOptions(2, jobs));
    EXPECT_EQ(result.probes.size(), 8u);
    EXPECT_EQ(result.groups.size(), 1u);  // "unused" in all eight
    EXPECT_EQ(liveness.owners.size(), 8u);
    EXPECT_GE(liveness.most_alive, 1u);
    EXPECT_LE(liveness.most_alive, static_cast<size_t>(jobs)) << "jobs " << jobs;
    EXPECT_TRUE(liveness.all_released());
  }
}

// Nothing is loaded ahead of its probe: the targets hold paths, not modules
// (a model replaced after the manifest was read is read as it is then).
TEST(TraceStreaming, ModelsAreReadWhenTheirProbeStarts) {
  TempDir dir;
  save_model(dir, "m.pt");
  dir.write("spec.json", R"([{"shape": [2, 3]}])");
  const std::string manifest =
      dir.write("manifest.json", R"({"entries": [{"name": "only", "model": "m.pt", "inputs": "spec.json"}]})");
  auto targets = trace::manifest_targets(manifest);
  dir.write("m.pt", "no longer a model");
  try {
    trace::run_audit(std::move(targets), trace::AuditOptions(1, 1));
    FAIL() << "expected an input error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("m.pt: cannot load as TorchScript"), std::string::npos) << e.what();
  }
}

// Forward passes that draw no random numbers skip the generator lock (and
// run in parallel); a dropout anywhere below forward() keeps it.
TEST(TraceStreaming, OnlyForwardsThatDrawRandomNumbersWaitForTheGenerator) {
  TempDir dir;
  save_model(dir, "plain.pt");
  torch::jit::Module inner("Inner");
  inner.define("def forward(self, x: Tensor) -> Tensor:\n    return torch.dropout(x, 0.5, True)\n");
  torch::jit::Module outer("Outer");
  outer.register_parameter("weight", at::randn({3, 3}).set_requires_grad(true), false);
  outer.register_module("inner", inner);
  outer.define("def forward(self, x: Tensor) -> Tensor:\n    return self.inner.forward(x.matmul(self.weight))\n");
  outer.save(dir.path("dropout.pt"));
  dir.write("spec.json", R"([{"shape": [2, 3]}])");
  const std::string manifest = dir.write("manifest.json", R"({"entries": [
    {"name": "plain", "model": "plain.pt", "inputs": "spec.json"},
    {"name": "dropout", "model": "dropout.pt", "inputs": "spec.json"}]})");
  const auto targets = trace::manifest_targets(manifest);
  EXPECT_FALSE(targets[0].make_subject(targets[0].model_config).draws_random_numbers);
  EXPECT_TRUE(targets[1].make_subject(targets[1].model_config).draws_random_numbers);
}

}  // namespace
}  // namespace gradaudit::testing
