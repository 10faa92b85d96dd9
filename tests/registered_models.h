// The models our executables register (the TFT and the fixture variants),
// for tests that audit or run them by name.
#pragma once

#include "forecasters/audit_targets.h"
#include "forecasters/model_registry.h"
#include "models/register.h"

namespace gradaudit::testing {

inline const forecasters::ModelRegistry& registered_models() {
  static const forecasters::ModelRegistry registry = [] {
    forecasters::ModelRegistry r;
    forecasters::register_tft(r);
    fixtures::register_fixture_models(r);
    return r;
  }();
  return registry;
}

}  // namespace gradaudit::testing
