#include "tft/forward_steps.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include <string>
#include <vector>

namespace gradaudit::tft {
namespace {

std::string shape_of(const at::Tensor& t) {
  std::string out = "[";
  for (int64_t i = 0; i < t.dim(); ++i) out += (i ? ", " : "") + std::to_string(t.size(i));
  return out + "]";
}

void check_shape(const char* name, const at::Tensor& t, const std::vector<int64_t>& expected,
                 const char* layout) {
  bool ok = t.defined() && t.dim() == static_cast<int64_t>(expected.size());
  for (size_t i = 0; ok && i < expected.size(); ++i) ok = expected[i] < 0 || t.size(i) == expected[i];
  TORCH_CHECK(ok, "TFT input ", name, ": expected shape ", layout, ", got ",
              t.defined() ? shape_of(t) : std::string("an undefined tensor"));
}

void check_presence(const char* name, bool present, int64_t size) {
  TORCH_CHECK(present == (size > 0), "TFT input ", name, ": the model was built with ", size, " such variables but ",
              present ? "a tensor was" : "none was", " given");
}

}  // namespace

void check_inputs(const TFTInputs& inputs, const TFTOptions& options) {
  const int64_t L = options.input_size();
  const int64_t T = options.example_length();
  check_shape("insample_y", inputs.insample_y, {-1, L, options.tgt_size()}, "[batch, input_size, tgt_size]");
  const int64_t B = inputs.insample_y.size(0);
  check_presence("futr_exog", inputs.futr_exog.has_value(), options.futr_exog_size());
  check_presence("hist_exog", inputs.hist_exog.has_value(), options.hist_exog_size());
  check_presence("stat_exog", inputs.stat_exog.has_value(), options.stat_exog_size());
  if (inputs.futr_exog)
    check_shape("futr_exog", *inputs.futr_exog, {B, T, options.futr_exog_size()},
                "[batch, input_size + h, futr_exog_size]");
  if (inputs.hist_exog)
    check_shape("hist_exog", *inputs.hist_exog, {B, L, options.hist_exog_size()},
                "[batch, input_size, hist_exog_size]");
  if (inputs.stat_exog)
    check_shape("stat_exog", *inputs.stat_exog, {B, options.stat_exog_size()}, "[batch, stat_exog_size]");
}

EmbeddedInputs embed_inputs(TFTEmbeddingImpl& embedding, const TFTInputs& inputs, const TFTOptions& options) {
  check_inputs(inputs, options);
  const at::Tensor futr = inputs.futr_exog.has_value()
                              ? *inputs.futr_exog
                              : inputs.insample_y.slice(1, -1).repeat({1, options.example_length(), 1});
  return embedding.forward(inputs.insample_y, inputs.stat_exog, futr, inputs.hist_exog);
}

TFTOutputs encode_and_decode(TemporalCovariateEncoderImpl& encoder, TemporalFusionDecoderImpl& decoder,
                             torch::nn::LinearImpl& output_adapter, const EmbeddedInputs& embedded,
                             const StaticContext& context, const TFTOptions& options) {
  const int64_t L = options.input_size();
  // Past variables in NeuralForecast's order: historic, future-known, target.
  std::vector<at::Tensor> past;
  if (embedded.hist.defined()) past.push_back(embedded.hist.slice(1, 0, L));
  past.push_back(embedded.futr.slice(1, 0, L));
  past.push_back(embedded.target.slice(1, 0, L));
  const at::Tensor historical = at::cat(past, -2);
  const at::Tensor future = embedded.futr.slice(1, L);

  const EncodedSequence encoded = encoder.forward(historical, future, context);
  const DecodedSequence decoded = decoder.forward(encoded.features, context.enrichment);

  TFTOutputs out;
  out.y_hat = output_adapter.forward(decoded.features);
  out.static_weights = context.weights;
  out.history_weights = encoded.history_weights;
  out.future_weights = encoded.future_weights;
  out.attention_weights = decoded.attention_weights;
  return out;
}

}  // namespace gradaudit::tft
