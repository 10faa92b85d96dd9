// A space file (`gradaudit trace --space`, `tft auto --space`): parsed and
// enumerated against the TFT's keys, as trace does.
#include "config/space.h"
#include "reader_harness.h"
#include "tft/config.h"

namespace {

void read(const std::string& path) { gradaudit::config::load_space(path, gradaudit::tft::config_keys(), "tft"); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, "space.yaml", read);
}
