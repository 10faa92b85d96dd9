#include "tft/attention.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include <cmath>
#include <limits>

namespace gradaudit::tft {

InterpretableMultiHeadAttentionImpl::InterpretableMultiHeadAttentionImpl(int64_t n_head, int64_t hidden_size,
                                                                         int64_t example_length,
                                                                         double attn_dropout, double dropout)
    : n_head_(n_head),
      d_head_(hidden_size / n_head),
      hidden_size_(hidden_size),
      example_length_(example_length),
      attn_dropout_p_(attn_dropout),
      dropout_p_(dropout) {
  TORCH_CHECK(hidden_size % n_head == 0, "attention: hidden_size ", hidden_size,
              " is not a multiple of n_head ", n_head);
  reset();
}

void InterpretableMultiHeadAttentionImpl::reset() {
  // n_head queries, n_head keys and one shared value, in one projection.
  qkv_linears = register_module(
      "qkv_linears", torch::nn::Linear(torch::nn::LinearOptions(hidden_size_, (2 * n_head_ + 1) * d_head_).bias(false)));
  out_proj = register_module("out_proj", torch::nn::Linear(torch::nn::LinearOptions(d_head_, hidden_size_).bias(false)));
  attn_dropout = register_module("attn_dropout", torch::nn::Dropout(attn_dropout_p_));
  out_dropout = register_module("out_dropout", torch::nn::Dropout(dropout_p_));
  const double inf = std::numeric_limits<double>::infinity();
  mask = register_buffer("_mask", at::full({example_length_, example_length_}, -inf).triu(1).unsqueeze(0));
}

AttentionOutput InterpretableMultiHeadAttentionImpl::forward(const at::Tensor& x, bool mask_future_timesteps) {
  const int64_t batch = x.size(0);
  const int64_t steps = x.size(1);
  const auto parts = qkv_linears(x).split_with_sizes({n_head_ * d_head_, n_head_ * d_head_, d_head_}, -1);
  const at::Tensor q = parts[0].view({batch, steps, n_head_, d_head_});
  const at::Tensor k = parts[1].view({batch, steps, n_head_, d_head_});
  const at::Tensor v = parts[2].view({batch, steps, d_head_});

  // [B, M, T, d] x [B, M, d, T] -> [B, M, T, T]
  at::Tensor scores = at::matmul(q.permute({0, 2, 1, 3}), k.permute({0, 2, 3, 1})) / std::sqrt(double(d_head_));
  if (mask_future_timesteps) {
    TORCH_CHECK(steps == example_length_, "attention: the causal mask covers ", example_length_,
                " steps, the input has ", steps);
    scores = scores + mask;
  }
  const at::Tensor weights = attn_dropout(at::softmax(scores, 3));
  // Every head reads the shared values; their mean is projected back.
  const at::Tensor heads = at::matmul(weights, v.unsqueeze(1));
  const at::Tensor output = out_dropout(out_proj(heads.mean(1)));
  return {output, weights};
}

}  // namespace gradaudit::tft
