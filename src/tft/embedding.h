// TFTEmbedding: one learned vector and bias per continuous input variable;
// a value x of variable i becomes x * vectors[i] + bias[i].
//
// Parameters exist only for the kinds of input a data schema has: a model for
// data without static variables has no stat_exog_embedding_* at all.
#pragma once

#include <c10/util/Optional.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

namespace gradaudit::tft {

struct EmbeddedInputs {
  at::Tensor stat;    // [B, S, H], undefined without static variables
  at::Tensor futr;    // [B, L+h, F, H]
  at::Tensor hist;    // [B, L, X, H], undefined without historic variables
  at::Tensor target;  // [B, L, T, H]
};

class TFTEmbeddingImpl : public torch::nn::Cloneable<TFTEmbeddingImpl> {
 public:
  TFTEmbeddingImpl(int64_t hidden_size, int64_t stat_size, int64_t futr_size, int64_t hist_size,
                   int64_t tgt_size);
  void reset() override;
  EmbeddedInputs forward(const at::Tensor& target, const c10::optional<at::Tensor>& stat,
                         const at::Tensor& futr, const c10::optional<at::Tensor>& hist);

  at::Tensor stat_exog_embedding_vectors, stat_exog_embedding_bias;
  at::Tensor futr_exog_embedding_vectors, futr_exog_embedding_bias;
  at::Tensor hist_exog_embedding_vectors, hist_exog_embedding_bias;
  at::Tensor tgt_embedding_vectors, tgt_embedding_bias;

 private:
  int64_t hidden_size_, stat_size_, futr_size_, hist_size_, tgt_size_;
};

TORCH_MODULE(TFTEmbedding);

}  // namespace gradaudit::tft
