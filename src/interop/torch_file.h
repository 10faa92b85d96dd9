// Reading a file written by Python's torch.save (the zip format, torch >=
// 1.6) into pickle values, tensors rebuilt from the archive's storages.
#pragma once

#include <string>

#include "interop/pickle_value.h"

namespace gradaudit::interop {

// The file's object: dicts, lists, tensors, opaque objects. Tensors are
// rebuilt with their dtype, sizes, strides and storage offset, on the CPU,
// contiguous and owning their memory. Throws InputError naming the file: not a
// zip archive, the legacy (pre-1.6) format, a truncated archive, a malformed
// pickle.
PickleValue read_torch_file(const std::string& path);

}  // namespace gradaudit::interop
