// The safetensors format: an 8-byte little-endian header length, a JSON
// header {name: {dtype, shape, data_offsets}}, then the raw bytes.
#pragma once

#include <string>

#include "interop/tensor_dict.h"

namespace gradaudit::interop {

// True when the file starts as a safetensors file does (a length, then '{').
bool is_safetensors_file(const std::string& path);
// Tensors in header order. Throws InputError naming the file and the tensor.
TensorDict read_safetensors(const std::string& path);

}  // namespace gradaudit::interop
