// A run file (`tft train --config run.yaml`): read, then every typed read the
// trainer makes of it before training (roles, model options, losses,
// training options).
#include "config/run_file.h"
#include "reader_harness.h"
#include "tft/config.h"
#include "train/run_spec.h"
#include "train/training_options.h"

namespace {

void read(const std::string& path) {
  using namespace gradaudit;
  const config::RunFile file = config::load_run_file(path, tft::config_keys());
  train::RunSpec spec;
  spec.config = file.values;
  spec.origins = file.origins;
  spec.data.roles = train::roles_from_config(spec.config, &spec.origins);
  spec.model_options();
  spec.loss();
  spec.valid_loss();
  spec.training();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gradaudit::fuzz::check_reader(data, size, "run.yaml", read);
}
