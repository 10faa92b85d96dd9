// The format version a PyTorch zip archive (torch.save, TorchScript) records
// in its `version` entry, read from the archive's bytes without LibTorch.
// LibTorch 1.13 and 2.x leak their zip reader's state when they refuse an
// archive's version (PyTorchStreamReader's constructor throws after opening
// the zip, so its destructor never closes it); checking the version first
// keeps that path from being taken at all, and says what is wrong plainly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gradaudit {

// The number in `<archive>/.data/version`, else `<archive>/version` (the
// entry LibTorch reads), when the archive is a plain zip with that entry
// stored uncompressed; nullopt for anything else (ZIP64, no such entry,
// not a number), which is left to LibTorch's own reader to judge.
std::optional<uint64_t> archive_format_version(std::string_view zip);

// Throws InputError("PATH: archive format version V; this LibTorch reads
// versions MIN to MAX ...") when the recorded version is outside the range.
void check_archive_format_version(std::string_view zip, const std::string& path, uint64_t min, uint64_t max);

}  // namespace gradaudit
