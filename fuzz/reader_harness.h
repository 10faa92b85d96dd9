// What every fuzz target checks: the reader gets the input as a file (the
// CLIs read paths), and may only return or throw InputError with one line of
// text. Any other exception aborts, so libFuzzer reports it as a crash with
// the input; sanitizer reports and timeouts are findings on their own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace gradaudit::fuzz {

// This process's scratch folder (created once, under $TMPDIR or /tmp).
const std::string& scratch_dir();

// Writes `data` to `path` (replacing it).
void write_file(const std::string& path, const uint8_t* data, size_t size);

// Writes the input to scratch_dir()/name (folders created) and checks what
// `read` does with that path, as described above. Returns 0 for libFuzzer.
int check_reader(const uint8_t* data, size_t size, const std::string& name, void (*read)(const std::string& path));

}  // namespace gradaudit::fuzz
