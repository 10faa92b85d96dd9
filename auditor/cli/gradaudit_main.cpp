// gradaudit: trace and lint models for DistributedDataParallel failures.
#include "cli/gradaudit_app.h"
#include "forecasters/model_registry.h"
#include "models/register.h"

int main(int argc, char** argv) {
  gradaudit::forecasters::ModelRegistry registry;
  gradaudit::forecasters::register_tft(registry);
  gradaudit::fixtures::register_fixture_models(registry);  // demos of the bug gradaudit exists to catch
  return gradaudit::cli::run_gradaudit(argc, argv, registry);
}
