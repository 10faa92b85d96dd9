// tft import-nf and tft forward as a Python user runs them: weights saved
// from Python with NeuralForecast's names, imported, run on a batch saved
// from Python, and the outputs read back in Python.
#include <gtest/gtest.h>

#include "cli_runner.h"
#include "python_torch.h"
#include "temp_dir.h"

namespace gradaudit::testing {
namespace {

CliResult tft(const std::string& args) { return run_command(std::string(GRADAUDIT_TFT_EXE) + " " + args); }

const std::string kModel = " --hist-exog kms,PetrolPrice --futr-exog law --h 6 --input-size 12 --hidden-size 8 --n-head 2";

// Saves random weights named and shaped as `tft params` lists them (those
// are NeuralForecast's names), plus the attention mask buffer NeuralForecast
// saves, as an OrderedDict; and a batch of NeuralForecast's window tensors.
const char* kMakeFiles = R"PY(
import collections, sys, torch
torch.manual_seed(0)
state = collections.OrderedDict()
for line in open('params.tsv'):
    name, shape = line.rstrip('\n').split('\t')
    state[name] = torch.randn(*[int(d) for d in shape.split('x')]) * 0.3
L = 6 + 12
state['temporal_fusion_decoder.attention._mask'] = torch.triu(torch.full((L, L), float('-inf')), 1)[None]
torch.save(state, 'weights.pt')
batch = {'insample_y': torch.randn(3, 12, 1), 'hist_exog': torch.randn(3, 12, 2), 'futr_exog': torch.randn(3, 18, 1)}
torch.save(batch, 'batch.pt')
bad = collections.OrderedDict(state)
bad['temporal_encoder.extra.weight'] = torch.zeros(2)
torch.save(bad, 'extra.pt')
)PY";

const char* kCheckOutputs = R"PY(
import torch
out = torch.load('out.pt')
again = torch.load('again.pt')
assert sorted(out) == ['attention_weights', 'future_weights', 'history_weights', 'y_hat'], sorted(out)
assert tuple(out['y_hat'].shape) == (3, 6, 1), out['y_hat'].shape
assert tuple(out['history_weights'].shape) == (3, 12, 4), out['history_weights'].shape
assert torch.allclose(out['history_weights'].sum(-1), torch.ones(3, 12), atol=1e-5)
attention = out['attention_weights']
assert tuple(attention.shape) == (3, 2, 18, 18), attention.shape
assert float(attention.triu(1).abs().max()) == 0.0, 'attention is causal'
for key in out:
    assert torch.equal(out[key], again[key]), key
print('ok')
)PY";

TEST(TrainImport, NeuralForecastWeightsRunOnABatchFromPython) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto params = tft("params --hist-exog 2 --futr-exog 1 --h 6 --input-size 12 --hidden-size 8 --n-head 2");
  ASSERT_EQ(params.code, 0) << params.out;
  dir.write("params.tsv", params.out);
  const auto made = run_python(dir, kMakeFiles);
  ASSERT_EQ(made.code, 0) << made.out;

  const auto imported = tft("import-nf " + dir.path("weights.pt") + kModel + " -o " + dir.path("run"));
  ASSERT_EQ(imported.code, 0) << imported.out;
  for (const char* out : {"out.pt", "again.pt"}) {
    const auto r = tft("forward --model " + dir.path("run") + " --batch " + dir.path("batch.pt") + " -o " +
                       dir.path(out));
    ASSERT_EQ(r.code, 0) << r.out;
  }
  const auto checked = run_python(dir, kCheckOutputs);
  EXPECT_EQ(checked.code, 0) << checked.out;
  EXPECT_NE(checked.out.find("ok"), std::string::npos) << checked.out;

  // Anything the model does not have is named, and nothing is written.
  const auto extra = tft("import-nf " + dir.path("extra.pt") + kModel + " -o " + dir.path("bad"));
  EXPECT_EQ(extra.code, 2) << extra.out;
  EXPECT_NE(extra.out.find("temporal_encoder.extra.weight"), std::string::npos) << extra.out;
  // A model described with other sizes does not fit the weights.
  const auto shapes = tft("import-nf " + dir.path("weights.pt") +
                          " --hist-exog kms,PetrolPrice --futr-exog law --h 6 --input-size 12 --hidden-size 16 "
                          "--n-head 2 -o " + dir.path("bad2"));
  EXPECT_EQ(shapes.code, 2) << shapes.out;
  // A batch with a missing input is named.
  const auto batch = tft("forward --model " + dir.path("run") + " --batch " + dir.path("weights.pt") + " -o " +
                         dir.path("x.pt"));
  EXPECT_EQ(batch.code, 2) << batch.out;
}

}  // namespace
}  // namespace gradaudit::testing
