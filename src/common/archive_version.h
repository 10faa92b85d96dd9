// The format version a PyTorch zip archive (torch.save, TorchScript) records
// in its version entry, read from the archive's bytes without LibTorch.
// LibTorch 1.13 and 2.x leak their zip reader's state whenever the reader's
// set-up fails after the zip has opened (PyTorchStreamReader's constructor
// throws, so its destructor never closes the zip): no version record, one
// that is not a number, a version it does not read. Checking the same things
// first keeps those paths from being taken at all, and says plainly what is
// wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gradaudit {

// The version LibTorch would read: `TOP/.data/version`, else `TOP/version`,
// TOP being the first entry's folder, parsed as std::stoull parses it.
// nullopt when that cannot be told from a plain zip with the record stored
// uncompressed (ZIP64, a compressed record), or when the record is missing,
// not a number or beyond 64 bits.
std::optional<uint64_t> archive_format_version(std::string_view zip);

// Throws InputError, one line naming `path`, when the archive's zip holds no
// version record in a top folder, when the record is not a number, or when
// the version is outside [min, max] ("PATH: archive format version V, but
// this LibTorch reads MIN to MAX..."). Does nothing when the bytes cannot
// tell (not a zip, ZIP64, a compressed record): LibTorch's reader judges
// those.
void check_archive_format_version(std::string_view zip, const std::string& path, uint64_t min, uint64_t max);

}  // namespace gradaudit
