// InterpretableMultiHeadAttention: heads with their own queries and keys but
// one shared value projection, averaged, so the attention weights can be read
// as one importance pattern. Causal: step t attends to steps <= t only.
#pragma once

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

namespace gradaudit::tft {

struct AttentionOutput {
  at::Tensor output;   // [B, T, H]
  at::Tensor weights;  // [B, n_head, T, T]
};

class InterpretableMultiHeadAttentionImpl : public torch::nn::Cloneable<InterpretableMultiHeadAttentionImpl> {
 public:
  InterpretableMultiHeadAttentionImpl(int64_t n_head, int64_t hidden_size, int64_t example_length,
                                      double attn_dropout, double dropout);
  void reset() override;
  AttentionOutput forward(const at::Tensor& x, bool mask_future_timesteps = true);

  torch::nn::Linear qkv_linears{nullptr};
  torch::nn::Linear out_proj{nullptr};
  torch::nn::Dropout attn_dropout{nullptr};
  torch::nn::Dropout out_dropout{nullptr};
  at::Tensor mask;  // [1, T, T]: 0 on and below the diagonal, -inf above

 private:
  int64_t n_head_, d_head_, hidden_size_, example_length_;
  double attn_dropout_p_, dropout_p_;
};

TORCH_MODULE(InterpretableMultiHeadAttention);

}  // namespace gradaudit::tft
