// tft: the Temporal Fusion Transformer command line.
#include "forecasters/model_registry.h"
#include "models/register.h"
#include "tftcli/tft_app.h"

int main(int argc, char** argv) {
  gradaudit::forecasters::ModelRegistry registry;
  gradaudit::forecasters::register_tft(registry);
  // The fixture variant, so the pre-flight can be seen refusing a real bug.
  gradaudit::fixtures::register_fixture_models(registry);
  return gradaudit::tftcli::run_tft(argc, argv, registry);
}
