// TorchScript models, built here with the C++ TorchScript compiler and saved
// as Python's torch.jit.save would: audited with an input spec or a manifest,
// and every kind of bad input exits with 2 and one line.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/script.h>

#include <fstream>
#include <iterator>

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

// A model with a static encoder used only when static inputs are given.
std::string save_model(const TempDir& dir, const std::string& name) {
  torch::jit::Module encoder("StaticEncoder");
  encoder.register_parameter("weight", at::randn({2, 3}).set_requires_grad(true), false);
  encoder.define(R"(
def forward(self, s: Tensor) -> Tensor:
    return s.matmul(self.weight)
)");
  torch::jit::Module model("Model");
  model.register_parameter("proj", at::randn({4, 3}).set_requires_grad(true), false);
  model.register_parameter("frozen", at::randn({3}), /*is_buffer=*/false);  // requires_grad false
  model.register_module("static_encoder", encoder);
  model.define(R"(
def forward(self, x: Tensor, stat: Optional[Tensor]) -> Tensor:
    y = x.matmul(self.proj)
    if stat is not None:
        y = y + self.static_encoder.forward(stat).unsqueeze(1)
    return y
)");
  const std::string path = dir.path(name);
  model.save(path);
  return path;
}

// A model taking a Dict[str, Optional[Tensor]], NeuralForecast-style.
std::string save_dict_model(const TempDir& dir) {
  torch::jit::Module model("DictModel");
  model.register_parameter("w_hist", at::randn({1}).set_requires_grad(true), false);
  model.register_parameter("w_futr", at::randn({1}).set_requires_grad(true), false);
  model.define(R"(
def forward(self, batch: Dict[str, Optional[Tensor]]) -> Tensor:
    y = batch["insample_y"]
    assert y is not None
    out = y * 1.0
    h = batch["hist_exog"]
    if h is not None:
        out = out + h.sum() * self.w_hist
    f = batch["futr_exog"]
    if f is not None:
        out = out + f.sum() * self.w_futr
    return out
)");
  model.save(dir.path("dict.pt"));
  return dir.path("dict.pt");
}

const char* kWithStatic = R"([{"shape": [2, 5, 4]}, {"shape": [2, 2], "dtype": "float32"}])";
const char* kWithoutStatic = R"({"inputs": [{"shape": [2, 5, 4]}, null]})";

TEST(TraceTorchScript, FindsTheStaticEncoderWithoutStaticInputs) {
  TempDir dir;
  const std::string model = save_model(dir, "m.pt");
  const auto clean = gradaudit({"trace", "--torchscript", model, "--input-spec", dir.write("with.json", kWithStatic)});
  EXPECT_EQ(clean.code, 0) << clean.err << clean.out;
  const auto bad = gradaudit({"trace", "--torchscript", model, "--input-spec", dir.write("without.json", kWithoutStatic),
                              "--format", "json"});
  EXPECT_EQ(bad.code, 1) << bad.err;
  const auto report = nlohmann::json::parse(bad.out);
  std::vector<std::string> names;
  for (const auto& f : report["findings"]) {
    EXPECT_EQ(f["rule"], "no-gradient");
    EXPECT_EQ(f["severity"], "error");
    EXPECT_EQ(f["configuration"], model);
    EXPECT_FALSE(f["message"].get<std::string>().empty());
    names.push_back(f["parameter"]);
  }
  EXPECT_EQ(names, std::vector<std::string>{"static_encoder.weight"});  // "frozen" does not train
}

TEST(TraceTorchScript, DictArgumentsAndManifests) {
  TempDir dir;
  save_dict_model(dir);
  dir.write("full.json", R"([{"dict": {"insample_y": {"shape": [2, 3]}, "hist_exog": {"shape": [2, 3]},
                                        "futr_exog": {"shape": [2, 3]}}}])");
  dir.write("nohist.json", R"([{"dict": {"insample_y": {"shape": [2, 3]}, "hist_exog": null,
                                          "futr_exog": {"shape": [2, 3]}}}])");
  dir.write("nothing.json", R"([{"dict": {"insample_y": {"shape": [2, 3]}, "hist_exog": null, "futr_exog": null}}])");
  const std::string manifest = dir.write("manifest.json", R"({"entries": [
    {"name": "full", "model": "dict.pt", "inputs": "full.json", "config": {"hist_exog_size": 1, "futr_exog_size": 1}},
    {"name": "no-hist", "model": "dict.pt", "inputs": "nohist.json", "config": {"hist_exog_size": 0, "futr_exog_size": 1}},
    {"name": "nothing", "model": "dict.pt", "inputs": "nothing.json", "config": {"hist_exog_size": 0, "futr_exog_size": 0}}
  ]})");
  const auto r = gradaudit({"trace", "--manifest", manifest, "--format", "json"});
  EXPECT_EQ(r.code, 1) << r.err;
  const auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["summary"]["configurations"], 3);
  bool saw_hist = false;
  for (const auto& g : report["groups"]) {
    if (g["parameters"] == nlohmann::json::array({"w_hist"})) {
      saw_hist = true;
      EXPECT_EQ(g["condition"], "hist_exog_size == 0");
      EXPECT_EQ(g["configurations"], nlohmann::json::array({"no-hist", "nothing"}));
    }
  }
  EXPECT_TRUE(saw_hist) << r.out;
}

// Rebuilds the archive with its version record set to 99, as a file saved by
// a far newer PyTorch would look (a plain zip: entries copied as they are).
uint32_t crc32(const std::string& data) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

bool set_version(const std::string& path, const std::string& version) {
  std::ifstream in(path, std::ios::binary);
  const std::string zip((std::istreambuf_iterator<char>(in)), {});
  auto get = [&](size_t at, int n) {
    uint32_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint32_t(uint8_t(zip[at + i])) << (8 * i);
    return v;
  };
  auto put = [](std::string& out, uint32_t v, int n) {
    for (int i = 0; i < n; ++i) out += char((v >> (8 * i)) & 0xFF);
  };
  const size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  if (eocd == std::string::npos) return false;
  const uint32_t entries = get(eocd + 10, 2);
  size_t at = get(eocd + 16, 4);
  std::string body, directory;
  bool changed = false;
  for (uint32_t e = 0; e < entries; ++e) {
    const uint32_t method = get(at + 10, 2), name_len = get(at + 28, 2);
    uint32_t crc = get(at + 16, 4), csize = get(at + 20, 4), usize = get(at + 24, 4);
    const size_t next = at + 46 + name_len + get(at + 30, 2) + get(at + 32, 2);
    const std::string name = zip.substr(at + 46, name_len);
    const size_t local = get(at + 42, 4);
    std::string data = zip.substr(local + 30 + get(local + 26, 2) + get(local + 28, 2), csize);
    if (name.size() >= 8 && name.compare(name.size() - 8, 8, "/version") == 0) {
      data = version;
      crc = crc32(data);
      csize = usize = static_cast<uint32_t>(data.size());
      changed = true;
    }
    const uint32_t offset = static_cast<uint32_t>(body.size());
    body += std::string("PK\x03\x04", 4);
    put(body, 20, 2), put(body, 0, 2), put(body, method, 2), put(body, 0, 4);
    put(body, crc, 4), put(body, csize, 4), put(body, usize, 4), put(body, name_len, 2), put(body, 0, 2);
    body += name + data;
    directory += std::string("PK\x01\x02", 4);
    put(directory, 20, 2), put(directory, 20, 2), put(directory, 0, 2), put(directory, method, 2), put(directory, 0, 4);
    put(directory, crc, 4), put(directory, csize, 4), put(directory, usize, 4), put(directory, name_len, 2);
    put(directory, 0, 2), put(directory, 0, 2), put(directory, 0, 2), put(directory, 0, 2), put(directory, 0, 4);
    put(directory, offset, 4);
    directory += name;
    at = next;
  }
  std::string out = body + directory + std::string("PK\x05\x06", 4);
  put(out, 0, 2), put(out, 0, 2), put(out, entries, 2), put(out, entries, 2);
  put(out, static_cast<uint32_t>(directory.size()), 4), put(out, static_cast<uint32_t>(body.size()), 4), put(out, 0, 2);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << out;
  return changed;
}

void expect_input_error(const std::vector<std::string>& args, const std::string& needle) {
  const auto r = gradaudit(args);
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err.rfind("gradaudit: error: ", 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

TEST(TraceTorchScript, BadInputsExitWithTwo) {
  TempDir dir;
  const std::string model = save_model(dir, "m.pt");
  const std::string spec = dir.write("spec.json", kWithStatic);
  expect_input_error({"trace", "--torchscript", dir.path("missing.pt"), "--input-spec", spec},
                     "missing.pt: cannot open TorchScript file for reading");
  expect_input_error({"trace", "--torchscript", dir.write("junk.pt", "not a zip"), "--input-spec", spec},
                     "cannot load as TorchScript");
  const std::string copy = save_model(dir, "copy.pt");
  ASSERT_TRUE(set_version(copy, "3\n"));  // the rebuilt archive itself loads
  EXPECT_EQ(gradaudit({"trace", "--torchscript", copy, "--input-spec", spec}).code, 0);
  const std::string newer = save_model(dir, "newer.pt");
  ASSERT_TRUE(set_version(newer, "99\n"));
  expect_input_error({"trace", "--torchscript", newer, "--input-spec", spec},
                     "newer.pt: archive format version 99, but this LibTorch reads 1 to ");
  expect_input_error({"trace", "--torchscript", model, "--input-spec", dir.write("one.json", R"([{"shape": [2, 5, 4]}])")},
                     "forward() takes 2 argument(s), the spec gives 1");
  expect_input_error({"trace", "--torchscript", model, "--input-spec", dir.write("n.json", R"([null, null])")},
                     "inputs[0]: argument 'x' of forward() is Tensor, the spec gives null");
  expect_input_error({"trace", "--torchscript", model, "--input-spec",
                      dir.write("shape.json", R"([{"shape": [2, 5, 7]}, null])")},
                     "forward() fails on inputs shaped as");
  expect_input_error({"trace", "--torchscript", model, "--input-spec",
                      dir.write("dtype.json", R"([{"shape": [2], "dtype": "flt"}, null])")},
                     "inputs[0].dtype: expected one of float32");
  expect_input_error({"trace", "--torchscript", model, "--input-spec", dir.write("broken.json", "[{")},
                     "not valid JSON");
  expect_input_error({"trace", "--torchscript", model}, "--torchscript needs --input-spec");
  expect_input_error({"trace", "--manifest", dir.write("empty.json", R"({"entries": []})")}, "lists no models");
  expect_input_error({"trace", "--manifest", dir.write("dup.json", R"({"entries": [
      {"name": "a", "model": "m.pt", "inputs": "spec.json"}, {"name": "a", "model": "m.pt", "inputs": "spec.json"}]})")},
                     "entries[1].name: 'a' is used twice");
}

}  // namespace
}  // namespace gradaudit::testing
