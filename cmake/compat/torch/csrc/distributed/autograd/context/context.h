// Declaration-only stand-in for a LibTorch header Debian does not ship.
//
// c10d/reducer.hpp includes this file for two names; the reducer never calls
// into distributed autograd unless a distributed-autograd context is active,
// which gradaudit never creates. CMake adds this directory to the include
// path only when the real header is missing (see cmake/GradauditTorch.cmake).
#pragma once

#include <functional>
#include <memory>

namespace at {
class Tensor;
}

namespace torch {
namespace distributed {
namespace autograd {

class DistAutogradContext {
 public:
  using GradCallback = std::function<bool(at::Tensor&)>;
};

using ContextPtr = std::shared_ptr<DistAutogradContext>;

}  // namespace autograd
}  // namespace distributed
}  // namespace torch
