// The allow-list of `gradaudit trace --allow`.
#include "reader_harness.h"
#include "trace/allow_list.h"

namespace {

void read(const std::string& path) { gradaudit::trace::read_allow_list(path); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, "trace.allow", read);
}
