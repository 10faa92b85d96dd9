// Reading torch.save files written by python3-torch: the containers, dtypes,
// views and objects users' files hold, and every way such a file can be broken.
#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <torch/serialize.h>

#include <filesystem>
#include <iostream>
#include <fstream>
#include <sstream>

#include "common/input_error.h"
#include "interop/tensor_dict.h"
#include "interop/torch_file.h"
#include "python_torch.h"

namespace gradaudit::testing {
namespace {

using interop::PickleValue;
using Kind = PickleValue::Kind;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `script` in a fresh directory and fails the test with its output.
#define RUN_PY(dir, script)                              \
  do {                                                   \
    const auto result = run_python(dir, script);         \
    ASSERT_EQ(result.code, 0) << result.out;             \
  } while (0)

TEST(InteropTorchFile, ReadsAOneEntryDict) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, "import torch\ntorch.save({'insample_y': torch.arange(6.).reshape(2, 3, 1)}, 'one.pt')\n");
  const auto tensors = interop::read_tensor_dict(dir.path("one.pt"));
  ASSERT_EQ(tensors.size(), 1u);
  EXPECT_EQ(tensors.keys()[0], "insample_y");
  EXPECT_TRUE(tensors["insample_y"].equal(at::arange(6.0, at::kFloat).reshape({2, 3, 1})));
}

// Measured (docs/interop.md): LibTorch's own reader cannot read a module's
// state dict (an OrderedDict), 1.13 and 2.6 alike. If a newer LibTorch can,
// this test says so and the doc needs updating.
TEST(InteropTorchFile, LibTorchPickleLoadCannotReadAModuleStateDict) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, "import torch\ntorch.save(torch.nn.Linear(2, 3).state_dict(), 'sd.pt')\n");
  const std::string bytes = read_bytes(dir.path("sd.pt"));
  try {
    torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    ADD_FAILURE() << "torch::pickle_load read a module's state dict; update docs/interop.md";
  } catch (const c10::Error& e) {
    EXPECT_NE(std::string(e.what()).find("isGenericDict()"), std::string::npos) << e.what();
  }
}

TEST(InteropTorchFile, ReadsAModuleStateDictInOrder) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, R"PY(
import torch
torch.manual_seed(0)
m = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.LayerNorm(4), torch.nn.LSTM(4, 2))
torch.save(m.state_dict(), 'sd.pt')
with open('expected.txt', 'w') as f:
    for k, v in m.state_dict().items():
        f.write(k + ' ' + ' '.join(repr(float(x)) for x in v.flatten()) + '\n')
)PY");
  const auto state = interop::read_state_dict(dir.path("sd.pt"));
  std::ifstream expected(dir.path("expected.txt"));
  std::string line;
  size_t index = 0;
  while (std::getline(expected, line)) {
    std::istringstream fields(line);
    std::string name;
    fields >> name;
    ASSERT_LT(index, state.size());
    EXPECT_EQ(state.keys()[index], name) << "order of entries";
    const at::Tensor t = state[name].flatten();
    std::vector<double> values;
    for (double v; fields >> v;) values.push_back(v);
    ASSERT_EQ(t.numel(), static_cast<int64_t>(values.size())) << name;
    for (size_t i = 0; i < values.size(); ++i)
      EXPECT_EQ(t[static_cast<int64_t>(i)].item<float>(), static_cast<float>(values[i])) << name << "[" << i << "]";
    ++index;
  }
  EXPECT_EQ(index, state.size());
  EXPECT_EQ(index, 8u);  // Linear 2, LayerNorm 2, LSTM 4
}

TEST(InteropTorchFile, ReadsEveryDtype) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, R"PY(
import torch
v = [1.5, -2.25, 3.0]
torch.save({
  'float32': torch.tensor(v, dtype=torch.float32), 'float64': torch.tensor(v, dtype=torch.float64),
  'float16': torch.tensor(v, dtype=torch.float16), 'bfloat16': torch.tensor(v, dtype=torch.bfloat16),
  'int64': torch.tensor([1, -2, 3 * 2**40]), 'int32': torch.tensor([1, -2, 3], dtype=torch.int32),
  'bool': torch.tensor([True, False, True]), 'scalar': torch.tensor(7.5), 'empty': torch.zeros(0, 3),
}, 'dtypes.pt')
)PY");
  const auto t = interop::read_tensor_dict(dir.path("dtypes.pt"));
  const at::Tensor floats = at::tensor({1.5, -2.25, 3.0}, at::kDouble);
  for (const auto& [name, dtype] : std::vector<std::pair<std::string, at::ScalarType>>{
           {"float32", at::kFloat}, {"float64", at::kDouble}, {"float16", at::kHalf}, {"bfloat16", at::kBFloat16}}) {
    EXPECT_EQ(t[name].scalar_type(), dtype) << name;
    EXPECT_TRUE(t[name].to(at::kDouble).equal(floats)) << name << ": " << t[name];
  }
  EXPECT_EQ(t["int64"].scalar_type(), at::kLong);
  EXPECT_TRUE(t["int64"].equal(at::tensor({int64_t{1}, int64_t{-2}, int64_t{3} << 40})));
  EXPECT_EQ(t["int32"].scalar_type(), at::kInt);
  EXPECT_TRUE(t["int32"].equal(at::tensor({1, -2, 3}, at::kInt)));
  EXPECT_EQ(t["bool"].scalar_type(), at::kBool);
  EXPECT_TRUE(t["bool"].equal(at::tensor({1, 0, 1}).to(at::kBool)));
  EXPECT_EQ(t["scalar"].dim(), 0);
  EXPECT_EQ(t["scalar"].item<float>(), 7.5f);
  EXPECT_EQ(t["empty"].sizes(), (std::vector<int64_t>{0, 3}));
}

TEST(InteropTorchFile, HonoursStorageOffsetsStridesAndSharedStorage) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, R"PY(
import torch
base = torch.arange(60.).reshape(6, 10)
torch.save({'slice': base[1:5, 2:9:3], 'transposed': base.t(), 'row': base[4], 'base': base}, 'views.pt')
torch.save(base[2:4, 5:], 'alone.pt')  # a view saved alone keeps its whole storage
torch.save({'alone': base[2:4, 5:]}, 'alone_dict.pt')
)PY");
  const at::Tensor base = at::arange(60.0, at::kFloat).reshape({6, 10});
  const auto t = interop::read_tensor_dict(dir.path("views.pt"));
  using at::indexing::Slice;
  EXPECT_TRUE(t["slice"].equal(base.index({Slice(1, 5), Slice(2, 9, 3)})));
  EXPECT_TRUE(t["transposed"].equal(base.t()));
  EXPECT_TRUE(t["row"].equal(base[4]));
  EXPECT_TRUE(t["base"].equal(base));
  const auto alone = interop::read_tensor_dict(dir.path("alone_dict.pt"));
  EXPECT_TRUE(alone["alone"].equal(base.index({Slice(2, 4), Slice(5, at::indexing::None)})));
  const PickleValue bare = interop::read_torch_file(dir.path("alone.pt"));
  ASSERT_EQ(bare.kind, Kind::kTensor);
  EXPECT_TRUE(bare.tensor.equal(base.index({Slice(2, 4), Slice(5, at::indexing::None)})));
}

TEST(InteropTorchFile, ReadsALightningLikeCheckpointWithUnknownClasses) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, R"PY(
import collections, torch, zipfile
class EarlyStopping:  # unknown to the reader: an opaque object
    def __init__(self): self.patience = 3; self.monitor = 'valid_loss'
class AttributeDict(dict):  # Lightning's hparams container, a dict subclass
    pass
lin = torch.nn.Linear(2, 3)
ckpt = {
  'epoch': 3, 'global_step': 2**40, 'pytorch-lightning_version': '2.1.0', 'pi': 3.25, 'huge': 2**70,
  'state_dict': lin.state_dict(),
  'callbacks': {'EarlyStopping{monitor=valid_loss}': EarlyStopping()},
  'optimizer_states': [{'state': {0: {'step': torch.tensor(5.), 'exp_avg': torch.zeros(3, 2)}},
                        'param_groups': [{'lr': 1e-3, 'betas': (0.9, 0.999), 'params': [0, 1]}]}],
  'loops': collections.defaultdict(list, a=[1]), 'tags': {'x', 'y'}, 'raw': b'\x00\x01\xff', 'none': None,
  'hyper_parameters': AttributeDict(h=12, input_size=24, nested=EarlyStopping()),
}
ckpt['same_callback'] = ckpt['callbacks']['EarlyStopping{monitor=valid_loss}']  # memoized: BINGET
torch.save(ckpt, 'model.ckpt')
torch.save({'weights': lin.weight}, 'parameter.pt')  # an nn.Parameter
class TaggedTensor(torch.Tensor):  # a subclass: pickled through torch._tensor._rebuild_from_type_v2
    pass
torch.save({'tagged': torch.arange(3.).as_subclass(TaggedTensor)}, 'tagged.pt')
assert b'_rebuild_from_type_v2' in zipfile.ZipFile('tagged.pt').read('tagged/data.pkl')
)PY");
  const auto state = interop::read_state_dict(dir.path("model.ckpt"));
  ASSERT_EQ(state.size(), 2u);
  EXPECT_EQ(state.keys(), (std::vector<std::string>{"weight", "bias"}));
  EXPECT_EQ(state["weight"].sizes(), (std::vector<int64_t>{3, 2}));

  const PickleValue top = interop::read_torch_file(dir.path("model.ckpt"));
  ASSERT_TRUE(top.is_mapping());
  EXPECT_EQ(top.find("epoch")->integer, 3);
  EXPECT_EQ(top.find("global_step")->integer, int64_t{1} << 40);
  EXPECT_EQ(top.find("pi")->real, 3.25);
  EXPECT_EQ(top.find("pytorch-lightning_version")->text, "2.1.0");
  EXPECT_EQ(top.find("huge")->kind, Kind::kObject);
  EXPECT_EQ(top.find("raw")->kind, Kind::kBytes);
  EXPECT_EQ(top.find("raw")->text, std::string("\x00\x01\xff", 3));
  EXPECT_EQ(top.find("none")->kind, Kind::kNone);
  EXPECT_EQ(top.find("tags")->kind, Kind::kSet);
  const PickleValue& callbacks = *top.find("callbacks");
  ASSERT_TRUE(callbacks.is_mapping());
  const PickleValue& early = (*callbacks.entries)[0].second;
  EXPECT_EQ(early.kind, Kind::kObject);
  EXPECT_EQ(early.text, "__main__.EarlyStopping");
  ASSERT_TRUE(early.state);
  EXPECT_EQ(early.state->find("patience")->integer, 3);
  const PickleValue& again = *top.find("same_callback");
  ASSERT_EQ(again.kind, Kind::kObject);
  EXPECT_EQ(again.state->find("patience")->integer, 3) << "BUILD reaches the memo's copy";
  const PickleValue& hparams = *top.find("hyper_parameters");
  EXPECT_TRUE(hparams.is_mapping()) << hparams.describe();
  EXPECT_EQ(hparams.find("h")->integer, 12);

  const auto parameter = interop::read_tensor_dict(dir.path("parameter.pt"));
  EXPECT_EQ(parameter["weights"].sizes(), (std::vector<int64_t>{3, 2}));
  const auto tagged = interop::read_tensor_dict(dir.path("tagged.pt"));
  EXPECT_TRUE(tagged["tagged"].equal(at::arange(3.0, at::kFloat)));
}

TEST(InteropTorchFile, ReadsWhatWriteTensorDictWrites) {
  TempDir dir;
  interop::TensorDict out;
  out.insert("y_hat", at::randn({2, 3, 1}));
  out.insert("undefined", at::Tensor());
  out.insert("view", at::arange(12.0).reshape({3, 4}).t());
  interop::write_tensor_dict(dir.path("out.pt"), out);
  const auto back = interop::read_tensor_dict(dir.path("out.pt"));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_TRUE(back["y_hat"].equal(out["y_hat"]));
  EXPECT_TRUE(back["view"].equal(out["view"]));
}

TEST(InteropTorchFile, ReadsPickleProtocolFour) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, "import torch\ntorch.save(torch.nn.Linear(2, 3).state_dict(), 'p4.pt', pickle_protocol=4)\n");
  const auto state = interop::read_state_dict(dir.path("p4.pt"));
  EXPECT_EQ(state.keys(), (std::vector<std::string>{"weight", "bias"}));
}

TEST(InteropTorchFile, TensorsSavedOnAGpuLoadOnTheCpu) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  // The storage records a location of 'cuda:0', as on a training machine.
  RUN_PY(dir, R"PY(
import torch, torch.serialization, zipfile
torch.serialization.location_tag = lambda storage: 'cuda:0'
torch.save({'w': torch.arange(4.)}, 'gpu.pt')
assert b'cuda:0' in zipfile.ZipFile('gpu.pt').read('gpu/data.pkl')
)PY");
  const auto t = interop::read_state_dict(dir.path("gpu.pt"));
  EXPECT_TRUE(t["w"].device().is_cpu());
  EXPECT_TRUE(t["w"].equal(at::arange(4.0, at::kFloat)));
}

TEST(InteropTorchFile, ReadsSafetensors) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, R"PY(
import json, struct, torch
tensors = {'w': torch.arange(6, dtype=torch.float32).reshape(2, 3), 'n': torch.tensor([1, -2], dtype=torch.int64),
           'h': torch.tensor([0.5], dtype=torch.float16)}
names = {torch.float32: 'F32', torch.int64: 'I64', torch.float16: 'F16'}
header, data = {'__metadata__': {'format': 'pt'}}, b''
for k, t in tensors.items():
    raw = t.numpy().tobytes()
    header[k] = {'dtype': names[t.dtype], 'shape': list(t.shape), 'data_offsets': [len(data), len(data) + len(raw)]}
    data += raw
text = json.dumps(header).encode()
open('w.safetensors', 'wb').write(struct.pack('<Q', len(text)) + text + data)
open('short.safetensors', 'wb').write(struct.pack('<Q', len(text)) + text + data[:-3])
)PY");
  const auto t = interop::read_state_dict(dir.path("w.safetensors"));
  EXPECT_EQ(t.keys(), (std::vector<std::string>{"w", "n", "h"}));
  EXPECT_TRUE(t["w"].equal(at::arange(6.0, at::kFloat).reshape({2, 3})));
  EXPECT_TRUE(t["n"].equal(at::tensor({int64_t{1}, int64_t{-2}})));
  EXPECT_EQ(t["h"].scalar_type(), at::kHalf);
  EXPECT_THROW(interop::read_state_dict(dir.path("short.safetensors")), InputError);
}

TEST(InteropTorchFile, TruncatedFilesAreInputErrors) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, R"PY(
import torch
torch.save({'a': torch.randn(50, 20)}, 'one.pt')
torch.save(torch.nn.LSTM(8, 8).state_dict(), 'sd.pt')
)PY");
  for (const std::string name : {"one.pt", "sd.pt"}) {
    const std::string bytes = read_bytes(dir.path(name));
    for (int tenth = 0; tenth < 10; ++tenth) {
      const std::string cut = dir.write("cut.pt", bytes.substr(0, bytes.size() * tenth / 10));
      SCOPED_TRACE(name + " cut at " + std::to_string(tenth * 10) + "%");
      try {
        interop::read_state_dict(cut);
        ADD_FAILURE() << "read a truncated file";
      } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(cut), std::string::npos) << e.what();
      }
    }
  }
}

// Every byte of a state dict's pickle changed, in archives that are otherwise
// valid (the zip's checksums match): each file is read or is an InputError,
// never a crash or another exception.
TEST(InteropTorchFile, CorruptPicklesAreReadOrInputErrors) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  const auto made = run_python(dir, R"PY(
import collections, torch, zipfile
sd = collections.OrderedDict(w=torch.randn(3, 2)[1:], b=torch.arange(4), m=torch.ones(2, dtype=torch.float16))
torch.save(sd, 'sd.pt')
src = zipfile.ZipFile('sd.pt')
pkl = src.read('sd/data.pkl')
n = 0
for i in range(2, len(pkl)):
    for value in (pkl[i] ^ 0x01, pkl[i] ^ 0x80, 0xff):
        mutated = pkl[:i] + bytes([value]) + pkl[i + 1:]
        with zipfile.ZipFile(f'm{n}.pt', 'w') as z:
            for name in src.namelist():
                z.writestr(name.replace('sd/', f'm{n}/'), mutated if name.endswith('data.pkl') else src.read(name))
        n += 1
print(n)
)PY");
  ASSERT_EQ(made.code, 0) << made.out;
  const int count = std::stoi(made.out);
  ASSERT_GT(count, 300);
  int read = 0, rejected = 0;
  for (int i = 0; i < count; ++i) {
    const std::string path = dir.path("m" + std::to_string(i) + ".pt");
    try {
      interop::read_state_dict(path);
      ++read;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      ++rejected;
    } catch (const std::exception& e) {
      ADD_FAILURE() << path << ": not an InputError: " << e.what();
    }
  }
  EXPECT_GT(rejected, 0);
  std::cout << read << " mutated files read, " << rejected << " rejected\n";
}

TEST(InteropTorchFile, TheLegacyFormatAsksForAResave) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, "import torch\ntorch.save({'a': torch.zeros(2)}, 'old.pt', _use_new_zipfile_serialization=False)\n");
  try {
    interop::read_state_dict(dir.path("old.pt"));
    ADD_FAILURE() << "read a legacy file";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("legacy"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("re-save"), std::string::npos) << e.what();
  }
}

TEST(InteropTorchFile, WrongContentsAreInputErrorsNamingFileAndEntry) {
  SKIP_WITHOUT_PYTHON_TORCH();
  TempDir dir;
  RUN_PY(dir, R"PY(
import torch, zipfile
torch.save([torch.zeros(1)], 'list.pt')
torch.save({'a': torch.zeros(1), 'b': 3}, 'not_tensor.pt')
torch.save({1: torch.zeros(1)}, 'int_key.pt')
torch.save({'state_dict': [1]}, 'bad_ckpt.pt')
with zipfile.ZipFile('opcode.pt', 'w') as z:
    z.writestr('opcode/data.pkl', b'\x80\x02\xff.')
    z.writestr('opcode/version', b'3\n')
with zipfile.ZipFile('nopickle.pt', 'w') as z:
    z.writestr('nopickle/version', b'3\n')
with zipfile.ZipFile('nostorage.pt', 'w') as z:  # the pickle of a tensor, its storage record removed
    src = zipfile.ZipFile('list.pt')
    z.writestr('nostorage/data.pkl', src.read('list/data.pkl'))
    z.writestr('nostorage/version', b'3\n')
)PY");
  dir.write("text.pt", "hello, not a torch file");
  dir.write("empty.pt", "");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"list.pt", "holds a list"},
      {"not_tensor.pt", "b: is an int, expected a tensor"},
      {"int_key.pt", "a key is an int"},
      {"bad_ckpt.pt", "(state_dict): holds a list"},
      {"opcode.pt", "unknown opcode 0xff"},
      {"nopickle.pt", "data.pkl: missing"},
      {"nostorage.pt", "data/0: missing"},
      {"text.pt", "not a torch.save file"},
      {"empty.pt", "not a torch.save file"},
      {"absent.pt", "cannot open"},
  };
  for (const auto& [file, expected] : cases) {
    try {
      interop::read_state_dict(dir.path(file));
      ADD_FAILURE() << file << " was read";
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(dir.path(file)), std::string::npos) << message;
      EXPECT_NE(message.find(expected), std::string::npos) << file << ": " << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    }
  }
}

}  // namespace
}  // namespace gradaudit::testing
