// The TFT and its fixture variant as auditable models: "tft" and
// "tft-unconditional-static".
#pragma once

#include "trace/registry.h"

namespace gradaudit::trace {

void register_tft_models(ModelRegistry& registry);

}  // namespace gradaudit::trace
