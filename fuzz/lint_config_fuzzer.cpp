// The lint configuration (`gradaudit lint --config`, `.gradaudit.yaml`).
#include "lint/suppressions.h"
#include "reader_harness.h"

namespace {

void read(const std::string& path) { gradaudit::lint::read_lint_config(path); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, ".gradaudit.yaml", read);
}
