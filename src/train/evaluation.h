// A model run over windows in eval mode, in chunks, with its forecasts
// scaled back to the data's units: what validation, prediction,
// cross-validation and interpretation share.
#pragma once

#include <ATen/core/Tensor.h>

#include "ddp/world.h"
#include "forecasters/model_registry.h"
#include "tft/loss.h"
#include "train/windows.h"

namespace gradaudit::train {

struct Forecasts {
  at::Tensor y_hat;       // [N, h, Q] in the data's units
  at::Tensor original_y;  // [N, h]
  at::Tensor mask;        // [N, h]: 1 where the target is observed
  // Interpretability outputs, concatenated over the chunks (when asked).
  at::Tensor static_weights, history_weights, future_weights, attention_weights;
};

// The model may live on any device; the forecasts come back on the CPU.
Forecasts forecast_windows(const forecasters::ForecastModel& model, const Windows& windows, const WindowShape& shape,
                           const SeriesTensors& data, ScalerType scaler, int64_t chunk,
                           bool interpretability = false);

// The loss of the forecasts against the observed targets, in the data's
// units (as NeuralForecast's validation), weighted over every window.
double validation_loss(const forecasters::ForecastModel& model, const Windows& windows, const WindowShape& shape,
                       const SeriesTensors& data, ScalerType scaler, const tft::Loss& loss, int64_t chunk);
// The same loss over `windows`, computed by the ranks of `world` together:
// each forecasts its block of the windows, and the sums of the loss over the
// observed targets and their counts are reduced. Every rank gets the loss.
double validation_loss(const forecasters::ForecastModel& model, const Windows& windows, const WindowShape& shape,
                       const SeriesTensors& data, ScalerType scaler, const tft::Loss& loss, int64_t chunk,
                       const ddp::World& world);

// Windows [begin, begin + count).
Windows slice(const Windows& windows, int64_t begin, int64_t count);

}  // namespace gradaudit::train
