// A model run over windows in eval mode, in chunks, with its forecasts
// scaled back to the data's units: what validation, prediction,
// cross-validation and interpretation share.
#pragma once

#include <ATen/core/Tensor.h>

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

Forecasts forecast_windows(const forecasters::ForecastModel& model, const Windows& windows, const WindowShape& shape,
                           const SeriesTensors& data, ScalerType scaler, int64_t chunk,
                           bool interpretability = false);

// The loss of the forecasts against the observed targets, in the data's
// units (as NeuralForecast's validation), weighted over every window.
double validation_loss(const forecasters::ForecastModel& model, const Windows& windows, const WindowShape& shape,
                       const SeriesTensors& data, ScalerType scaler, const tft::Loss& loss, int64_t chunk);

}  // namespace gradaudit::train
