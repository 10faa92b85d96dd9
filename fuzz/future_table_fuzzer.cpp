// The future table of `tft predict --futr`: the bundled Seatbelts series with
// `law` as its future column, h = 12.
#include "data/dataset.h"
#include "reader_harness.h"

namespace {

const gradaudit::data::Dataset& seatbelts() {
  static const gradaudit::data::Dataset data = [] {
    gradaudit::data::DatasetSpec spec;
    spec.data = GRADAUDIT_SOURCE_DIR "/fixtures/data/seatbelts.csv";
    spec.roles.futr = {"law"};
    return gradaudit::data::load_dataset(spec);
  }();
  return data;
}

void read(const std::string& path) { gradaudit::data::load_future(seatbelts(), path, 12); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, "future.csv", read);
}
