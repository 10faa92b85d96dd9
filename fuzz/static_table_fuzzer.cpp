// The static table of `tft train --static`, against a bundled long frame
// (UK lung deaths: series `female` and `male`).
#include "data/dataset.h"
#include "reader_harness.h"

namespace {

void read(const std::string& path) {
  gradaudit::data::DatasetSpec spec;
  spec.data = GRADAUDIT_SOURCE_DIR "/fixtures/data/uk_lung_deaths.csv";
  spec.static_data = path;
  gradaudit::data::load_dataset(spec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, "static.csv", read);
}
