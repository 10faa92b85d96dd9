#include "tft/embedding.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <torch/nn/init.h>

#include <string>

namespace gradaudit::tft {
namespace {

// x: [..., n] -> [..., n, H]
at::Tensor embed(const at::Tensor& x, const at::Tensor& vectors, const at::Tensor& bias) {
  return x.unsqueeze(-1) * vectors + bias;
}

}  // namespace

TFTEmbeddingImpl::TFTEmbeddingImpl(int64_t hidden_size, int64_t stat_size, int64_t futr_size,
                                   int64_t hist_size, int64_t tgt_size)
    : hidden_size_(hidden_size),
      stat_size_(stat_size),
      futr_size_(futr_size),
      hist_size_(hist_size),
      tgt_size_(tgt_size) {
  reset();
}

void TFTEmbeddingImpl::reset() {
  auto make = [this](const std::string& prefix, int64_t size, at::Tensor& vectors, at::Tensor& bias) {
    if (size == 0) return;
    vectors = register_parameter(prefix + "_vectors", at::empty({size, hidden_size_}));
    bias = register_parameter(prefix + "_bias", at::zeros({size, hidden_size_}));
    torch::nn::init::xavier_normal_(vectors);
  };
  make("stat_exog_embedding", stat_size_, stat_exog_embedding_vectors, stat_exog_embedding_bias);
  make("futr_exog_embedding", futr_size_, futr_exog_embedding_vectors, futr_exog_embedding_bias);
  make("hist_exog_embedding", hist_size_, hist_exog_embedding_vectors, hist_exog_embedding_bias);
  make("tgt_embedding", tgt_size_, tgt_embedding_vectors, tgt_embedding_bias);
}

EmbeddedInputs TFTEmbeddingImpl::forward(const at::Tensor& target, const c10::optional<at::Tensor>& stat,
                                         const at::Tensor& futr, const c10::optional<at::Tensor>& hist) {
  EmbeddedInputs out;
  if (stat.has_value()) {
    TORCH_CHECK(stat_size_ > 0, "TFTEmbedding: static inputs given to a model built without them");
    out.stat = embed(*stat, stat_exog_embedding_vectors, stat_exog_embedding_bias);
  }
  out.futr = embed(futr, futr_exog_embedding_vectors, futr_exog_embedding_bias);
  if (hist.has_value()) {
    TORCH_CHECK(hist_size_ > 0, "TFTEmbedding: historic inputs given to a model built without them");
    out.hist = embed(*hist, hist_exog_embedding_vectors, hist_exog_embedding_bias);
  }
  out.target = embed(target, tgt_embedding_vectors, tgt_embedding_bias);
  return out;
}

}  // namespace gradaudit::tft
