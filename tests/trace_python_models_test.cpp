// TorchScript models saved by Python's torch.jit.script / torch.jit.trace
// (Debian's python3-torch), audited as users audit them: no false alarm on
// recurrent layers, the cause of a failing forward kept, any JSON in a
// manifest's config.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/gradaudit_app.h"
#include "cli_runner.h"
#include "python_torch.h"
#include "registered_models.h"
#include "temp_dir.h"
#include "trace/torchscript.h"

namespace gradaudit::testing {
namespace {

CliResult gradaudit(const std::vector<std::string>& args) {
  return run_cli([](int argc, const char* const* argv) { return cli::run_gradaudit(argc, argv, registered_models()); },
                 "gradaudit", args);
}

// An encoder of each recurrent kind with a linear head, scripted and saved
// with its spec: a scripted nn.LSTM/nn.GRU holds its weights twice (as
// parameters and in `_flat_weights`, which forward reads).
const char* kRecurrentModels = R"(
import json, torch, torch.nn as nn
class Encoder(nn.Module):
    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn
        self.head = nn.Linear(rnn.hidden_size * (2 if rnn.bidirectional else 1), 1)
    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out)
kinds = {
    "lstm1": nn.LSTM(3, 4, num_layers=1, batch_first=True),
    "lstm2bi": nn.LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True),
    "gru1": nn.GRU(3, 4, num_layers=1, batch_first=True),
    "gru2bi": nn.GRU(3, 4, num_layers=2, batch_first=True, bidirectional=True),
}
for name, rnn in kinds.items():
    torch.jit.script(Encoder(rnn)).save(name + ".pt")
json.dump([{"shape": [2, 5, 3]}], open("spec.json", "w"))
)";

TEST(TracePythonModels, ScriptedRecurrentLayersGetTheirGradients) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto made = run_python(dir, kRecurrentModels);
  ASSERT_EQ(made.code, 0) << made.out;
  for (const char* name : {"lstm1", "lstm2bi", "gru1", "gru2bi"}) {
    const auto r = gradaudit({"trace", "--torchscript", dir.path(std::string(name) + ".pt"), "--input-spec",
                              dir.path("spec.json"), "--format", "json", "--confirm-ddp"});
    EXPECT_EQ(r.code, 0) << name << ": " << r.err << r.out;
    const auto report = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << r.out;
    EXPECT_TRUE(report["findings"].empty()) << name << ": " << report["findings"].dump();
    // And real DDP agrees: two ranks, find_unused_parameters=false, no error.
    ASSERT_EQ(report["ddp_checks"].size(), 1u) << r.out;
    EXPECT_FALSE(report["ddp_checks"][0]["failed"].get<bool>()) << report["ddp_checks"][0]["error"];
    EXPECT_TRUE(report["ddp_checks"][0]["agrees"].get<bool>());
  }
}

// One parameter reachable through several attributes: the same Linear under
// two names, and its weight also in a tensor list that forward reads.
TEST(TracePythonModels, AParameterUnderSeveralAttributesIsOneParameter) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto made = run_python(dir, R"(
import json, torch, torch.nn as nn
from typing import List
class Shared(nn.Module):
    weights: List[torch.Tensor]
    def __init__(self):
        super().__init__()
        self.first = nn.Linear(3, 3)
        self.second = self.first
        self.unused = nn.Linear(3, 3)
        self.weights = [self.first.weight]
    def forward(self, x):
        return self.second(x) + x.matmul(self.weights[0])
torch.jit.script(Shared()).save("shared.pt")
json.dump([{"shape": [2, 3]}], open("spec.json", "w"))
)");
  ASSERT_EQ(made.code, 0) << made.out;
  const auto r = gradaudit({"trace", "--torchscript", dir.path("shared.pt"), "--input-spec", dir.path("spec.json"),
                            "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  const auto report = nlohmann::json::parse(r.out);
  std::set<std::string> flagged;
  for (const auto& f : report["findings"]) flagged.insert(f["parameter"].get<std::string>());
  // Only the really unused layer: first.weight (also second.weight, also weights[0]) trains.
  EXPECT_EQ(flagged, (std::set<std::string>{"unused.weight", "unused.bias"})) << r.out;
}

// A forward that raises inside a submodule, and one whose op fails there.
const char* kFailingModels = R"(
import json, torch, torch.nn as nn
class Inner(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 3)
    def forward(self, x):
        if x.shape[1] < 5:
            raise ValueError("sequence too short for Inner")
        return self.lin(x)
class Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Inner()
    def forward(self, x):
        return self.inner(x)
class Pooled(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool2d(4)
        self.lin = nn.Linear(1, 1)
    def forward(self, x):
        return self.lin(self.pool(x))
torch.jit.script(Outer()).save("raises.pt")
torch.jit.script(Pooled()).save("pool.pt")
json.dump([{"shape": [2, 3, 3]}], open("short.json", "w"))
json.dump([{"shape": [2, 6, 3]}], open("long.json", "w"))
json.dump([{"shape": [2, 3, 2, 2]}], open("small.json", "w"))
json.dump({"entries": [
    {"name": "short", "model": "raises.pt", "inputs": "short.json"},
    {"name": "long", "model": "raises.pt", "inputs": "long.json"},
    {"name": "tiny-image", "model": "pool.pt", "inputs": "small.json"}]}, open("manifest.json", "w"))
)";

TEST(TracePythonModels, AFailingForwardKeepsItsCauseAndSourceLine) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto made = run_python(dir, kFailingModels);
  ASSERT_EQ(made.code, 0) << made.out;
  const auto alone = gradaudit({"trace", "--torchscript", dir.path("raises.pt"), "--input-spec", dir.path("short.json")});
  EXPECT_EQ(alone.code, 2) << alone.out;
  EXPECT_EQ(std::count(alone.err.begin(), alone.err.end(), '\n'), 1) << alone.err;
  EXPECT_NE(alone.err.find("ValueError: sequence too short for Inner"), std::string::npos) << alone.err;
  EXPECT_NE(alone.err.find("script.py:9, in forward"), std::string::npos) << alone.err;  // the raise
  EXPECT_EQ(alone.err.find("The following operation failed"), std::string::npos) << alone.err;

  const auto r = gradaudit({"trace", "--manifest", dir.path("manifest.json"), "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  const auto report = nlohmann::json::parse(r.out);
  std::map<std::string, std::string> error_of;
  for (const auto& f : report["findings"])
    if (f["id"] == "GA105") error_of[f["configuration"]] = f["message"];
  ASSERT_EQ(error_of.size(), 2u) << r.out;
  EXPECT_NE(error_of["short"].find("ValueError: sequence too short for Inner (at "), std::string::npos) << r.out;
  EXPECT_NE(error_of["tiny-image"].find("Output size is too small"), std::string::npos) << r.out;
  // The model's own line, not torch's pooling.py.
  EXPECT_NE(error_of["tiny-image"].find("script.py:23, in forward"), std::string::npos) << r.out;
}

TEST(TracePythonModels, ManifestConfigsHoldAnyJsonAndDetailsNameTheEntry) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto made = run_python(dir, R"(
import json, torch, torch.nn as nn
from typing import Optional
class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 1)
        self.static_encoder = nn.Linear(2, 1)
    def forward(self, x, stat: Optional[torch.Tensor]):
        y = self.proj(x)
        if stat is not None:
            y = y + self.static_encoder(stat)
        return y
torch.jit.script(Model()).save("m.pt")
json.dump([{"shape": [4, 3]}, {"shape": [4, 2]}], open("with.json", "w"))
json.dump([{"shape": [4, 3]}, None], open("without.json", "w"))
common = {"quantiles": [0.1, 0.5, 0.9], "scaler": None, "optim": {"lr": 0.001, "name": "adam"}}
entries = []
for name, stat, spec in [("a", ["s1"], "with.json"), ("b", [], "without.json"), ("c", ["s1", "s2"], "with.json"),
                         ("d", [], "without.json")]:
    entries.append({"name": name, "model": "m.pt", "inputs": spec,
                    "config": dict(common, stat_exog_list=stat, hist_exog_list=["h"] if name in "ab" else [])})
json.dump({"entries": entries}, open("manifest.json", "w"))
)");
  ASSERT_EQ(made.code, 0) << made.out;
  const auto j = gradaudit({"trace", "--manifest", dir.path("manifest.json"), "--format", "json"});
  ASSERT_EQ(j.code, 1) << j.err << j.out;
  const auto report = nlohmann::json::parse(j.out);
  ASSERT_EQ(report["groups"].size(), 1u) << j.out;
  EXPECT_EQ(report["groups"][0]["condition"], "len(stat_exog_list) == 0") << j.out;
  EXPECT_EQ(report["configurations"][0]["config"]["optim"]["name"], "adam");
  const auto text = gradaudit({"trace", "--manifest", dir.path("manifest.json")});
  EXPECT_NE(text.out.find("\nb:static_encoder.weight: error:"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("manifest.json:static_encoder"), std::string::npos) << text.out;
}

// nn.Dropout (F.dropout, a scripted function called from a submodule) is
// found as drawing random numbers; a model without it is not, and its
// forward passes skip the generator lock.
TEST(TracePythonModels, DropoutBelowForwardIsFoundAsDrawingRandomNumbers) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto made = run_python(dir, R"(
import json, torch, torch.nn as nn
class Block(nn.Module):
    def __init__(self, p: float):
        super().__init__()
        self.lin = nn.Linear(3, 3)
        self.drop = nn.Dropout(p) if p > 0 else nn.Identity()
    def forward(self, x):
        return self.drop(self.lin(x))
class Model(nn.Module):
    def __init__(self, p: float):
        super().__init__()
        self.blocks = nn.Sequential(Block(0.0), Block(p), nn.LayerNorm(3))
    def forward(self, x):
        return self.blocks(x)
torch.jit.script(Model(0.0)).save("plain.pt")
torch.jit.script(Model(0.1)).save("dropout.pt")
json.dump([{"shape": [2, 3]}], open("spec.json", "w"))
json.dump({"entries": [{"name": "plain", "model": "plain.pt", "inputs": "spec.json"},
                       {"name": "dropout", "model": "dropout.pt", "inputs": "spec.json"}]}, open("manifest.json", "w"))
)");
  ASSERT_EQ(made.code, 0) << made.out;
  const auto targets = trace::manifest_targets(dir.path("manifest.json"));
  EXPECT_FALSE(targets[0].make_subject(targets[0].model_config).draws_random_numbers);
  EXPECT_TRUE(targets[1].make_subject(targets[1].model_config).draws_random_numbers);
}

}  // namespace
}  // namespace gradaudit::testing
