#include <torch/nn/module.h>

#include "forecasters/model_registry.h"
#include "tft/model.h"

namespace gradaudit::forecasters {

// AutoTFT's default space (NeuralForecast), crossed with every data schema of
// up to two variables per kind.
const char* const kAutoTftSchemasSpace = R"(# NeuralForecast's AutoTFT space x data schemas
fixed:
  h: 12
grid:
  stat_exog_size: [0, 2]
  hist_exog_size: [0, 2]
  futr_exog_size: [0, 2]
random:
  samples: 10
  seed: 1
  params:
    input_size_multiplier: [1, 2, 3, 4, 5]
    hidden_size: [64, 128, 256]
    n_head: [4, 8]
    learning_rate: {loguniform: [1.0e-4, 1.0e-1]}
    scaler_type: ['none', 'robust', 'standard']
    max_steps: [500, 1000, 2000]
    batch_size: [32, 64, 128, 256]
    windows_batch_size: [128, 256, 512, 1024]
    random_seed: {randint: [1, 20]}
)";

void register_tft(ModelRegistry& registry) {
  registry.add({"tft", "Temporal Fusion Transformer (src/tft), built conditionally per data schema",
                kAutoTftSchemasSpace, [](const tft::TFTOptions& options) {
                  tft::TFT model(options);
                  return ForecastModel{model.ptr(), [model](const tft::TFTInputs& in) mutable { return model->forward(in); }};
                }});
}

}  // namespace gradaudit::forecasters
