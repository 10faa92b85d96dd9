// Small purpose-built modules, each with one known gradient pathology, and
// their audit subjects.
#pragma once

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn/modules/linear.h>

#include "trace/audit.h"
#include "trace/module_audit.h"

namespace gradaudit::testing {

inline at::Tensor batch_for(uint64_t seed, int64_t features = 4) {
  at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed + 1000);
  return at::randn({3, features}, gen);
}

// Every parameter used: the clean case.
struct AllUsed : torch::nn::Module {
  AllUsed() { a = register_module("a", torch::nn::Linear(4, 4)); b = register_module("b", torch::nn::Linear(4, 1)); }
  trace::ForwardResult step(uint64_t seed) {
    const at::Tensor y = b(torch::relu(a(batch_for(seed))));
    return {y.pow(2).mean(), {y}};
  }
  torch::nn::Linear a{nullptr}, b{nullptr};
};

// `extra` is built but never used: the seed bug.
struct UnusedBranch : torch::nn::Module {
  UnusedBranch() {
    a = register_module("a", torch::nn::Linear(4, 1));
    extra = register_module("extra", torch::nn::Linear(4, 1));
  }
  trace::ForwardResult step(uint64_t seed) {
    const at::Tensor y = a(batch_for(seed));
    return {y.mean(), {y}};
  }
  torch::nn::Linear a{nullptr}, extra{nullptr};
};

// `aux` feeds an output that the loss ignores.
struct UsedNotInLoss : torch::nn::Module {
  UsedNotInLoss() {
    a = register_module("a", torch::nn::Linear(4, 1));
    aux = register_module("aux", torch::nn::Linear(4, 2));
  }
  trace::ForwardResult step(uint64_t seed) {
    const at::Tensor x = batch_for(seed);
    const at::Tensor y = a(x), side = aux(x);
    return {y.mean(), {y, side}};
  }
  torch::nn::Linear a{nullptr}, aux{nullptr};
};

// `expert` runs only for batches whose first value is positive.
struct DataDependent : torch::nn::Module {
  DataDependent() {
    a = register_module("a", torch::nn::Linear(4, 1));
    expert = register_module("expert", torch::nn::Linear(4, 1));
  }
  trace::ForwardResult step(uint64_t seed) {
    const at::Tensor x = batch_for(seed);
    at::Tensor y = a(x);
    if (x[0][0].item<float>() > 0) y = y + expert(x);
    return {y.mean(), {y}};
  }
  torch::nn::Linear a{nullptr}, expert{nullptr};
};

// `gate` multiplies a constant zero: defined but all-zero gradient; `frozen`
// does not train and must not be reported.
struct ZeroAndFrozen : torch::nn::Module {
  ZeroAndFrozen() {
    a = register_module("a", torch::nn::Linear(4, 1));
    gate = register_parameter("gate", at::ones({1}));
    frozen = register_parameter("frozen", at::ones({1}), /*requires_grad=*/false);
  }
  trace::ForwardResult step(uint64_t seed) {
    const at::Tensor x = batch_for(seed);
    const at::Tensor y = a(x) + gate * at::zeros({3, 1});
    return {y.mean(), {y}};
  }
  torch::nn::Linear a{nullptr};
  at::Tensor gate, frozen;
};

// sqrt at zero: an infinite derivative times zero gives NaN.
struct NonFinite : torch::nn::Module {
  NonFinite() { w = register_parameter("w", at::zeros({4})); }
  trace::ForwardResult step(uint64_t seed) {
    const at::Tensor y = (w * w).sqrt().sum() + batch_for(seed).sum();
    return {y, {y}};
  }
  at::Tensor w;
};

template <typename M>
trace::SubjectFactory factory_of() {
  return [](const config::Configuration&) {
    auto m = std::make_shared<M>();
    m->train();
    return trace::module_subject(m, [m](uint64_t seed) { return m->step(seed); });
  };
}

inline trace::AuditTarget target_of(const std::string& label, trace::SubjectFactory factory) {
  return {label, config::Configuration::object(), std::move(factory), config::Configuration::object(), label};
}

}  // namespace gradaudit::testing
