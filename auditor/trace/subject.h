// What the auditor needs from a model: its trainable tensors and a way to run
// one training-like step on a synthetic batch. C++ modules, TorchScript files
// and user code all become AuditSubjects.
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/configuration.h"

namespace gradaudit::trace {

struct ForwardResult {
  at::Tensor loss;                   // the scalar backward starts from
  std::vector<at::Tensor> outputs;   // every forward output, the loss's inputs and the rest
};

struct AuditSubject {
  std::vector<std::pair<std::string, at::Tensor>> parameters;  // all named parameters
  std::vector<at::Tensor> buffers;                             // broadcast by DDP
  // One forward pass in training mode on the synthetic batch `batch_seed`;
  // the same seed gives the same batch.
  std::function<ForwardResult(uint64_t batch_seed)> forward;
  // Whether forward may draw from the global generator (dropout): such
  // passes run one at a time, seeded, so runs repeat (seeded_build.h).
  bool draws_random_numbers = true;
  // Keeps the model alive as long as the subject.
  std::shared_ptr<void> owner;
};

// Builds a subject for one configuration (structural keys only). Throws on a
// configuration the model cannot be built for.
using SubjectFactory = std::function<AuditSubject(const config::Configuration&)>;

}  // namespace gradaudit::trace
