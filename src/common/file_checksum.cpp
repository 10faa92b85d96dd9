#include "common/file_checksum.h"

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <vector>

#include "common/input_error.h"

namespace gradaudit {

FileChecksum file_checksum(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open for reading");
  // FNV-1a, 64 bits: no dependency, and fast enough for checkpoint-sized files.
  uint64_t hash = 0xcbf29ce484222325ULL;
  FileChecksum sum;
  std::vector<char> buffer(1 << 16);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    const auto n = static_cast<size_t>(in.gcount());
    for (size_t i = 0; i < n; ++i) hash = (hash ^ static_cast<unsigned char>(buffer[i])) * 0x100000001b3ULL;
    sum.bytes += n;
  }
  if (in.bad()) throw InputError(path + ": read error");
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, hash);
  sum.fnv1a64 = hex;
  return sum;
}

}  // namespace gradaudit
