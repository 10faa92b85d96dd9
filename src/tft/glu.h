// GLU: a linear projection to twice the output width, gated by its second half.
#pragma once

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <cstdint>

namespace gradaudit::tft {

class GLUImpl : public torch::nn::Cloneable<GLUImpl> {
 public:
  GLUImpl(int64_t input_size, int64_t output_size);
  void reset() override;
  at::Tensor forward(const at::Tensor& x);

  torch::nn::Linear lin{nullptr};

 private:
  int64_t input_size_;
  int64_t output_size_;
};

TORCH_MODULE(GLU);

}  // namespace gradaudit::tft
