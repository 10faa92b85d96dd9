// python/gradaudit_export.py with Debian's python3-torch, round-tripped
// through `gradaudit trace --manifest`: the seed's bug (a static encoder
// built unconditionally, used only with static inputs) is found, and its
// fixed twin passes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "cli/gradaudit_app.h"
#include "cli_runner.h"
#include "python_torch.h"
#include "registered_models.h"
#include "temp_dir.h"

namespace gradaudit::testing {
namespace {

CliResult gradaudit(const std::vector<std::string>& args) {
  return run_cli([](int argc, const char* const* argv) { return cli::run_gradaudit(argc, argv, registered_models()); },
                 "gradaudit", args);
}

const char* kExportSpace = R"(
import torch, torch.nn as nn
from typing import Dict, Optional
from gradaudit_export import export_space

class Forecaster(nn.Module):
    def __init__(self, config, fixed):
        super().__init__()
        self.proj = nn.Linear(3, 1)
        n_stat = len(config["stat_exog_list"])
        # The bug: built whatever the configuration; the fix: only when used.
        self.static_encoder = nn.Linear(max(n_stat, 1), 1) if (n_stat > 0 or not fixed) else None
    def forward(self, batch: Dict[str, Optional[torch.Tensor]]):
        y = batch["insample_y"]
        assert y is not None
        out = self.proj(y)
        stat = batch["stat_exog"]
        if stat is not None and self.static_encoder is not None:
            out = out + self.static_encoder(stat).unsqueeze(1)
        return out

def make_inputs(config):
    n_stat = len(config["stat_exog_list"])
    return ({"insample_y": torch.randn(2, 4, 3), "stat_exog": torch.randn(2, n_stat) if n_stat else None},)

configs = [{"stat_exog_list": s, "quantiles": [0.1, 0.5, 0.9], "scaler_type": None, "hidden_size": h}
           for s in ([], ["airline"], ["airline", "hub"]) for h in (8, 16)]
export_space(lambda c: Forecaster(c, fixed=False), make_inputs, configs, "buggy")
export_space(lambda c: Forecaster(c, fixed=True), make_inputs, configs, "fixed")
)";

TEST(TracePythonExport, ExportSpaceRoundTripsThroughTheManifest) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto made = run_python(dir, kExportSpace);
  ASSERT_EQ(made.code, 0) << made.out;

  const auto buggy = gradaudit({"trace", "--manifest", dir.path("buggy/manifest.json"), "--format", "json"});
  ASSERT_EQ(buggy.code, 1) << buggy.err << buggy.out;
  const auto report = nlohmann::json::parse(buggy.out);
  EXPECT_EQ(report["summary"]["configurations"], 6);
  ASSERT_EQ(report["groups"].size(), 1u) << buggy.out;
  const auto& group = report["groups"][0];
  EXPECT_EQ(group["id"], "GA101");
  EXPECT_EQ(group["prefix"], "static_encoder.");
  EXPECT_EQ(group["condition"], "len(stat_exog_list) == 0");
  EXPECT_EQ(group["configurations"].size(), 2u);
  // The manifest kept the config as it was: lists and nulls.
  EXPECT_EQ(report["configurations"][0]["config"]["quantiles"], nlohmann::json::parse("[0.1, 0.5, 0.9]"));
  EXPECT_TRUE(report["configurations"][0]["config"]["scaler_type"].is_null());

  const auto fixed = gradaudit({"trace", "--manifest", dir.path("fixed/manifest.json")});
  EXPECT_EQ(fixed.code, 0) << fixed.err << fixed.out;
}

TEST(TracePythonExport, AModelThatDoesNotScriptIsTraced) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto made = run_python(dir, R"(
import torch, torch.nn as nn
from gradaudit_export import export
class Untyped(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(3, 2)
        self.unused = nn.Linear(3, 2)
        self.act = lambda t: t * 2  # a Python lambda: torch.jit.script refuses it
    def forward(self, x):
        return self.act(self.lin(x))
export(Untyped(), torch.randn(4, 3), "traced.pt", config={"kind": "untyped"})
try:
    export(Untyped(), (torch.randn(4, 3), None), "none.pt")
except TypeError as e:
    print("refused:", e)
)");
  ASSERT_EQ(made.code, 0) << made.out;
  EXPECT_NE(made.out.find("refused: the model does not script, and tracing cannot take None"), std::string::npos)
      << made.out;
  const auto r = gradaudit({"trace", "--torchscript", dir.path("traced.pt"), "--input-spec", dir.path("traced.json"),
                            "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  std::set<std::string> flagged;
  const auto report = nlohmann::json::parse(r.out);
  for (const auto& f : report["findings"]) flagged.insert(f["parameter"].get<std::string>());
  EXPECT_EQ(flagged, (std::set<std::string>{"unused.weight", "unused.bias"}));
}

}  // namespace
}  // namespace gradaudit::testing
