#include "interop/safetensors.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "common/input_error.h"

namespace gradaudit::interop {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the file");
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

uint64_t header_length(const std::string& bytes) {
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[i])) << (8 * i);
  return n;
}

at::ScalarType dtype_of(const std::string& name, const std::string& where) {
  static const std::map<std::string, at::ScalarType> dtypes = {
      {"F64", at::kDouble}, {"F32", at::kFloat}, {"F16", at::kHalf}, {"BF16", at::kBFloat16},
      {"I64", at::kLong},   {"I32", at::kInt},   {"I16", at::kShort}, {"I8", at::kChar},
      {"U8", at::kByte},    {"BOOL", at::kBool},
  };
  auto it = dtypes.find(name);
  if (it == dtypes.end()) throw InputError(where + ": dtype " + name + " is not supported");
  return it->second;
}

}  // namespace

bool is_safetensors_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[9];
  if (!in.read(head, 9)) return false;
  return head[8] == '{' && header_length(std::string(head, 8)) > 1;
}

TensorDict read_safetensors(const std::string& path) {
  const std::string bytes = read_all(path);
  if (bytes.size() < 8) throw InputError(path + ": truncated safetensors file");
  const uint64_t n = header_length(bytes);
  if (n > bytes.size() - 8) throw InputError(path + ": truncated safetensors file (header runs past the end)");
  nlohmann::ordered_json header;
  try {
    header = nlohmann::ordered_json::parse(bytes.substr(8, n));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + ": malformed safetensors header: " + e.what());
  }
  if (!header.is_object()) throw InputError(path + ": safetensors header is not a JSON object");
  const uint64_t data_size = bytes.size() - 8 - n;
  const char* data = bytes.data() + 8 + n;
  TensorDict tensors;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    const std::string where = path + ": " + name;
    try {
      const at::ScalarType dtype = dtype_of(entry.at("dtype").get<std::string>(), where);
      const auto shape = entry.at("shape").get<std::vector<int64_t>>();
      const auto offsets = entry.at("data_offsets").get<std::vector<uint64_t>>();
      if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data_size)
        throw InputError(where + ": data_offsets outside the file's data");
      uint64_t numel = 1;
      for (int64_t d : shape) {
        if (d < 0 || __builtin_mul_overflow(numel, static_cast<uint64_t>(d), &numel))
          throw InputError(where + ": invalid shape");
      }
      const uint64_t nbytes = offsets[1] - offsets[0];
      if (numel > nbytes || numel * c10::elementSize(dtype) != nbytes)
        throw InputError(where + fmt::format(": shape needs {} elements but data_offsets span {} bytes", numel, nbytes));
      at::Tensor t = at::empty(shape, at::TensorOptions().dtype(dtype));
      if (nbytes > 0) std::memcpy(t.data_ptr(), data + offsets[0], nbytes);
      tensors.insert(name, std::move(t));
    } catch (const nlohmann::json::exception& e) {
      throw InputError(where + ": expected {dtype, shape, data_offsets}: " + e.what());
    }
  }
  return tensors;
}

}  // namespace gradaudit::interop
