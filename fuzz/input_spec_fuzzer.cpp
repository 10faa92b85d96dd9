// The input spec of `gradaudit trace --torchscript M --input-spec S`.
#include "reader_harness.h"
#include "trace/input_spec.h"

namespace {

void read(const std::string& path) { gradaudit::trace::parse_spec(path); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, "spec.json", read);
}
