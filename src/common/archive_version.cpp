#include "common/archive_version.h"

#include <cctype>

#include "common/input_error.h"

namespace gradaudit {
namespace {

// Little-endian field of n bytes at `at`; false when it lies outside `zip`.
bool field(std::string_view zip, size_t at, int n, uint64_t& value) {
  if (at > zip.size() || zip.size() - at < static_cast<size_t>(n)) return false;
  value = 0;
  for (int i = 0; i < n; ++i) value |= uint64_t(static_cast<unsigned char>(zip[at + i])) << (8 * i);
  return true;
}

bool signature_at(std::string_view zip, size_t at, std::string_view signature) {
  return at <= zip.size() && zip.size() - at >= signature.size() && zip.compare(at, signature.size(), signature) == 0;
}

// What follows the archive's top folder ("archive/version" -> "version").
std::string_view inside_top_folder(std::string_view name) {
  const size_t slash = name.find('/');
  return slash == std::string_view::npos ? std::string_view() : name.substr(slash + 1);
}

constexpr std::string_view kEndOfDirectory("PK\x05\x06", 4);
constexpr std::string_view kDirectoryEntry("PK\x01\x02", 4);
constexpr std::string_view kLocalHeader("PK\x03\x04", 4);
constexpr uint64_t kZip64Marker = 0xFFFFFFFF;

}  // namespace

std::optional<uint64_t> archive_format_version(std::string_view zip) {
  // The end-of-directory record: 22 bytes plus a comment of up to 64 KiB.
  const size_t search_from = zip.size() > 22 + 65535 ? zip.size() - 22 - 65535 : 0;
  const size_t end = zip.rfind(kEndOfDirectory);
  if (end == std::string_view::npos || end < search_from) return std::nullopt;
  uint64_t entries = 0, directory = 0;
  if (!field(zip, end + 10, 2, entries) || !field(zip, end + 16, 4, directory) || directory == kZip64Marker)
    return std::nullopt;

  std::optional<uint64_t> version, data_version;
  size_t at = directory;
  for (uint64_t e = 0; e < entries; ++e) {
    uint64_t method = 0, size = 0, name_length = 0, extra_length = 0, comment_length = 0, local = 0;
    if (!signature_at(zip, at, kDirectoryEntry) || !field(zip, at + 10, 2, method) || !field(zip, at + 20, 4, size) ||
        !field(zip, at + 28, 2, name_length) || !field(zip, at + 30, 2, extra_length) ||
        !field(zip, at + 32, 2, comment_length) || !field(zip, at + 42, 4, local) || zip.size() - at < 46 + name_length)
      return std::nullopt;
    const std::string_view name = zip.substr(at + 46, name_length);
    at += 46 + name_length + extra_length + comment_length;
    const std::string_view entry = inside_top_folder(name);
    const bool data_entry = entry == ".data/version";
    if (!data_entry && entry != "version") continue;
    if (method != 0 || size == kZip64Marker || size > 32) return std::nullopt;

    uint64_t local_name = 0, local_extra = 0;
    if (!signature_at(zip, local, kLocalHeader) || !field(zip, local + 26, 2, local_name) ||
        !field(zip, local + 28, 2, local_extra))
      return std::nullopt;
    const size_t data = local + 30 + local_name + local_extra;
    if (data > zip.size() || zip.size() - data < size) return std::nullopt;
    const std::string_view text = zip.substr(data, size);

    uint64_t number = 0;
    size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
      number = number * 10 + static_cast<uint64_t>(text[digits] - '0');
      ++digits;
    }
    if (digits == 0 || digits > 18) return std::nullopt;
    for (size_t i = digits; i < text.size(); ++i)
      if (!std::isspace(static_cast<unsigned char>(text[i]))) return std::nullopt;
    (data_entry ? data_version : version) = number;
  }
  return data_version ? data_version : version;
}

void check_archive_format_version(std::string_view zip, const std::string& path, uint64_t min, uint64_t max) {
  const std::optional<uint64_t> version = archive_format_version(zip);
  if (!version || (*version >= min && *version <= max)) return;
  throw InputError(path + ": archive format version " + std::to_string(*version) + ", but this LibTorch reads " +
                   std::to_string(min) + " to " + std::to_string(max) +
                   (*version > max ? ": the file comes from a newer PyTorch; use a gradaudit built against a newer LibTorch"
                                   : ""));
}

}  // namespace gradaudit
