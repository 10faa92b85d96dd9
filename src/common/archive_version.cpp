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

constexpr std::string_view kEndOfDirectory("PK\x05\x06", 4);
constexpr std::string_view kDirectoryEntry("PK\x01\x02", 4);
constexpr std::string_view kLocalHeader("PK\x03\x04", 4);
constexpr uint64_t kZip64Marker = 0xFFFFFFFF;

// What the central directory says of the version record LibTorch reads: the
// top folder is the first entry's, and `.data/version` comes before
// `version` (PyTorchStreamReader::init).
struct VersionRecord {
  enum class Kind { kCannotTell, kMissing, kFound } kind = Kind::kCannotTell;
  std::string_view text;
};

VersionRecord find_version_record(std::string_view zip) {
  // The end-of-directory record: 22 bytes plus a comment of up to 64 KiB.
  const size_t tail = zip.size() > 22 + 65535 ? zip.size() - 22 - 65535 : 0;
  const size_t found_at = zip.substr(tail).rfind(kEndOfDirectory);
  if (found_at == std::string_view::npos || zip.size() - tail - found_at < 22) return {};  // none, or cut short
  const size_t end = tail + found_at;
  uint64_t entries = 0, directory = 0;
  if (!field(zip, end + 10, 2, entries) || !field(zip, end + 16, 4, directory) ||
      entries == 0xFFFF || directory == kZip64Marker)
    return {};  // ZIP64: the counts live elsewhere

  std::string_view top;  // "archive/"
  uint64_t version_local = 0, version_size = 0;
  bool found = false, found_data_version = false;
  size_t at = directory;
  for (uint64_t e = 0; e < entries; ++e) {
    uint64_t method = 0, size = 0, name_length = 0, extra_length = 0, comment_length = 0, local = 0;
    if (!signature_at(zip, at, kDirectoryEntry) || !field(zip, at + 10, 2, method) || !field(zip, at + 20, 4, size) ||
        !field(zip, at + 28, 2, name_length) || !field(zip, at + 30, 2, extra_length) ||
        !field(zip, at + 32, 2, comment_length) || !field(zip, at + 42, 4, local) || zip.size() - at < 46 + name_length)
      return {};
    const std::string_view name = zip.substr(at + 46, name_length);
    at += 46 + name_length + extra_length + comment_length;
    if (e == 0) {
      const size_t slash = name.find('/');
      if (slash == std::string_view::npos) return {VersionRecord::Kind::kMissing, {}};  // no top folder
      top = name.substr(0, slash + 1);
    }
    if (name.substr(0, top.size()) != top) continue;
    const std::string_view entry = name.substr(top.size());
    const bool data_version = entry == ".data/version";
    if (!(data_version || (entry == "version" && !found_data_version))) continue;
    if (method != 0 || size == kZip64Marker || local == kZip64Marker) return {};  // compressed, or ZIP64
    found = true;
    found_data_version = data_version;
    version_local = local;
    version_size = size;
  }
  if (!found) return {VersionRecord::Kind::kMissing, {}};

  uint64_t local_name = 0, local_extra = 0;
  if (!signature_at(zip, version_local, kLocalHeader) || !field(zip, version_local + 26, 2, local_name) ||
      !field(zip, version_local + 28, 2, local_extra))
    return {};
  const uint64_t data = version_local + 30 + local_name + local_extra;
  if (data > zip.size() || zip.size() - data < version_size) return {};
  return {VersionRecord::Kind::kFound, zip.substr(data, version_size)};
}

// The record read as LibTorch reads it (std::stoull, base 10): white space,
// a sign, digits; what follows the digits is ignored, and a minus sign wraps
// around. nullopt when there are no digits; `overflow` when stoull would
// throw out_of_range.
struct ParsedVersion {
  uint64_t value = 0;
  bool overflow = false;
};

std::optional<ParsedVersion> parse_like_stoull(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  ParsedVersion parsed;
  const size_t first_digit = i;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    const auto digit = static_cast<uint64_t>(text[i] - '0');
    if (parsed.value > (UINT64_MAX - digit) / 10) parsed.overflow = true;
    parsed.value = parsed.value * 10 + digit;
  }
  if (i == first_digit) return std::nullopt;
  if (negative) parsed.value = 0 - parsed.value;
  return parsed;
}

}  // namespace

std::optional<uint64_t> archive_format_version(std::string_view zip) {
  const VersionRecord record = find_version_record(zip);
  if (record.kind != VersionRecord::Kind::kFound) return std::nullopt;
  const auto parsed = parse_like_stoull(record.text);
  if (!parsed || parsed->overflow) return std::nullopt;
  return parsed->value;
}

void check_archive_format_version(std::string_view zip, const std::string& path, uint64_t min, uint64_t max) {
  const VersionRecord record = find_version_record(zip);
  if (record.kind == VersionRecord::Kind::kCannotTell) return;
  if (record.kind == VersionRecord::Kind::kMissing)
    throw InputError(path + ": not a PyTorch archive (its zip has no version record in a top folder)");
  const auto parsed = parse_like_stoull(record.text);
  if (!parsed) throw InputError(path + ": the archive's version record is not a number");
  if (!parsed->overflow && parsed->value >= min && parsed->value <= max) return;
  const std::string version = parsed->overflow ? "over 2^64" : std::to_string(parsed->value);
  throw InputError(path + ": archive format version " + version + ", but this LibTorch reads " + std::to_string(min) +
                   " to " + std::to_string(max) +
                   (parsed->overflow || parsed->value > max
                        ? ": the file comes from a newer PyTorch; use a gradaudit built against a newer LibTorch"
                        : ""));
}

}  // namespace gradaudit
