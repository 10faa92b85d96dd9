// A run folder's record (checkpoint/run.json), as `tft predict`, `explain`
// and a resumed `tft train` read it, with the typed reads that follow.
#include "reader_harness.h"
#include "train/checkpoint.h"

namespace {

void read(const std::string& record) {
  (void)record;  // RUN/checkpoint/run.json: the reader takes the run folder
  const gradaudit::train::Checkpoint c = gradaudit::train::read_checkpoint(gradaudit::fuzz::scratch_dir() + "/run");
  c.spec.model_options();
  c.spec.loss();
  c.spec.valid_loss();
  c.spec.training();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, "run/checkpoint/run.json", read);
}
