// `tft forward` as a library: a batch dict named as NeuralForecast's windows
// in, the forecast and interpretability outputs out.
#pragma once

#include <string>

#include "interop/tensor_dict.h"
#include "tft/batch.h"
#include "tft/model.h"
#include "tft/options.h"

namespace gradaudit::interop {

// The model's inputs from `batch`: insample_y [B, L, tgt], futr_exog
// [B, L+h, F], hist_exog [B, L, X], stat_exog [B, S], each present exactly
// when the options have that kind of variable. Floating-point tensors become
// float32. A missing, unexpected or mis-shaped entry is an InputError naming
// `source`, the key and the shape expected.
tft::TFTInputs batch_inputs(const TensorDict& batch, const tft::TFTOptions& options, const std::string& source);

// y_hat, static_weights (only with static variables), history_weights,
// future_weights, attention_weights.
TensorDict output_tensors(const tft::TFTOutputs& outputs);

// The forward pass as NeuralForecast's predict runs it: eval mode, no
// gradients, no scaling (the batch is taken as the model sees it), on the
// model's device (outputs stay there; write_tensor_dict moves them to the CPU).
TensorDict run_forward(tft::TFT& model, const TensorDict& batch, const std::string& source);

}  // namespace gradaudit::interop
