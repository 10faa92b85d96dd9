// The manifest of `gradaudit trace --manifest`. Its folder holds a model
// file `model.pt` (only its presence is read here) and a valid input spec
// `spec.json`, so entries naming them get past the file checks.
#include "reader_harness.h"
#include "trace/manifest.h"

namespace {

void read(const std::string& path) { gradaudit::trace::read_manifest(path); }

void write_text(const std::string& path, const std::string& text) {
  gradaudit::fuzz::write_file(path, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool neighbours = [] {
    write_text(gradaudit::fuzz::scratch_dir() + "/model.pt", "not loaded");
    write_text(gradaudit::fuzz::scratch_dir() + "/spec.json", R"([{"shape": [2, 3]}, null])");
    return true;
  }();
  (void)neighbours;
  return gradaudit::fuzz::check_reader(data, size, "manifest.json", read);
}
