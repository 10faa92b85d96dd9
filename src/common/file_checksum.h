// A file's size and content checksum, to tell a damaged file from a good one.
// LibTorch's archive reader does not check its zip entries' CRCs (a flipped
// byte inside a tensor loads silently), so the checkpoint records its own.
#pragma once

#include <cstdint>
#include <string>

namespace gradaudit {

struct FileChecksum {
  uint64_t bytes = 0;
  std::string fnv1a64;  // 16 hex digits

  bool operator==(const FileChecksum& other) const { return bytes == other.bytes && fnv1a64 == other.fnv1a64; }
};

// Throws InputError naming the file when it cannot be read.
FileChecksum file_checksum(const std::string& path);

}  // namespace gradaudit
