// A TorchScript archive cut short at every 10 % of its length is refused by
// `gradaudit trace` as users run it: exit 2 and one line naming the file.
// The archive's format version is read from its bytes, as LibTorch reads it,
// before LibTorch is given the archive (common/archive_version.h).
#include <caffe2/serialize/inline_container.h>
#include <gtest/gtest.h>
#include <torch/script.h>
#include <torch/serialize.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "cli_runner.h"
#include "common/archive_version.h"
#include "common/input_error.h"
#include "python_torch.h"
#include "temp_dir.h"

namespace {

using gradaudit::archive_format_version;
using gradaudit::testing::run_command;
using gradaudit::testing::run_python;
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

// LibTorch's own reader says which version an archive has.
uint64_t version_libtorch_reads(const std::string& bytes) {
  std::istringstream in(bytes);
  caffe2::serialize::PyTorchStreamReader reader(&in);
  return reader.version();
}

TEST(TorchScriptFaults, TheVersionReadFromTheBytesIsTheOneLibTorchReads) {
  TempDir dir;
  std::vector<std::pair<std::string, std::string>> archives = {{"TorchScript from LibTorch",
                                                                read_bytes(save_scripted_model(dir))}};
  std::ostringstream tensor;
  torch::save(torch::arange(6), tensor);
  archives.emplace_back("torch::save of a tensor", tensor.str());
  if (!gradaudit::testing::python_with_torch().empty()) {
    const auto r = run_python(dir, R"(
import torch
torch.save({"w": torch.ones(3)}, "state.pt")
torch.jit.save(torch.jit.script(torch.nn.Linear(3, 2)), "linear.pt")
)");
    ASSERT_EQ(r.code, 0) << r.out;
    archives.emplace_back("torch.save from Python", read_bytes(dir.path("state.pt")));
    archives.emplace_back("torch.jit.save from Python", read_bytes(dir.path("linear.pt")));
  }
  for (const auto& [what, bytes] : archives) {
    const auto version = archive_format_version(bytes);
    ASSERT_TRUE(version.has_value()) << what;
    EXPECT_EQ(*version, version_libtorch_reads(bytes)) << what;
  }
}

// Whatever the bytes, the reader returns a version or nothing: never throws,
// never reads outside them (the sanitizer build checks the latter).
TEST(TorchScriptFaults, AnyPrefixOrFlippedByteOfAnArchiveGivesAVersionOrNone) {
  TempDir dir;
  const std::string good = read_bytes(save_scripted_model(dir));
  const uint64_t version = *archive_format_version(good);
  for (size_t length = 0; length < good.size(); ++length)
    EXPECT_NO_THROW(archive_format_version(std::string_view(good).substr(0, length))) << length;
  for (size_t at = 0; at < good.size(); ++at) {
    std::string flipped = good;
    flipped[at] = static_cast<char>(flipped[at] ^ 0xFF);
    std::optional<uint64_t> read;
    ASSERT_NO_THROW(read = archive_format_version(flipped)) << at;
    // A flip either leaves the version readable and unchanged or makes it
    // unreadable (a digit XOR 0xFF is no digit): never another number.
    if (read) {
      EXPECT_EQ(*read, version) << "byte " << at;
    }
  }
  EXPECT_FALSE(archive_format_version("not a zip").has_value());
  EXPECT_FALSE(archive_format_version("").has_value());
}

TEST(TorchScriptFaults, AVersionOutsideLibTorchsRangeIsRefusedByName) {
  EXPECT_NO_THROW(gradaudit::check_archive_format_version("not a zip", "x.pt", 1, 10));
  TempDir dir;
  const std::string good = read_bytes(save_scripted_model(dir));
  const uint64_t version = *archive_format_version(good);
  EXPECT_NO_THROW(gradaudit::check_archive_format_version(good, "m.pt", version, version));
  try {
    gradaudit::check_archive_format_version(good, "m.pt", 0, version - 1);
    FAIL() << "a version above the range must be refused";
  } catch (const gradaudit::InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("m.pt: archive format version " + std::to_string(version) +
                                              ", but this LibTorch reads 0 to " + std::to_string(version - 1) +
                                              ": the file comes from a newer PyTorch",
                                          0),
              0u)
        << e.what();
  }
  EXPECT_THROW(gradaudit::check_archive_format_version(good, "m.pt", version + 1, version + 5), gradaudit::InputError);
}

}  // namespace
