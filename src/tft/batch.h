// What the TFT reads and returns; shapes follow NeuralForecast's windows.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/util/Optional.h>

namespace gradaudit::tft {

struct TFTInputs {
  at::Tensor insample_y;                // [B, L, tgt_size]: observed targets
  c10::optional<at::Tensor> futr_exog;  // [B, L+h, F]: known over past and horizon
  c10::optional<at::Tensor> hist_exog;  // [B, L, X]: observed in the past only
  c10::optional<at::Tensor> stat_exog;  // [B, S]: constant per series
};

// Windows with what the model should forecast for them: the unit of a
// training or validation step.
struct TrainingBatch {
  TFTInputs inputs;
  at::Tensor outsample_y;     // [B, h]: the targets over the horizon, scaled as insample_y
  at::Tensor outsample_mask;  // [B, h]: 1 where a target is observed
};

// The forecast and what explains it (the interpretability outputs).
struct TFTOutputs {
  at::Tensor y_hat;              // [B, h, output_size]
  at::Tensor static_weights;     // [B, S]; undefined without static variables
  at::Tensor history_weights;    // [B, L, hist + futr + tgt]
  at::Tensor future_weights;     // [B, h, max(futr, 1)]
  at::Tensor attention_weights;  // [B, n_head, L+h, L+h]
};

}  // namespace gradaudit::tft
