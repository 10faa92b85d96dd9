#include "tft/glu.h"

#include <torch/nn/functional/activation.h>

namespace gradaudit::tft {

GLUImpl::GLUImpl(int64_t input_size, int64_t output_size)
    : input_size_(input_size), output_size_(output_size) {
  reset();
}

void GLUImpl::reset() {
  lin = register_module("lin", torch::nn::Linear(input_size_, 2 * output_size_));
}

at::Tensor GLUImpl::forward(const at::Tensor& x) {
  return torch::nn::functional::glu(lin(x), torch::nn::functional::GLUFuncOptions(-1));
}

}  // namespace gradaudit::tft
