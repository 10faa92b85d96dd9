// Auditing a user's own C++ module through the library: give it a step
// function that runs forward on a synthetic batch and returns the loss.
#pragma once

#include <torch/nn/module.h>

#include <functional>
#include <vector>

#include "rules/dynamic_rule.h"
#include "trace/probe.h"
#include "trace/subject.h"

namespace gradaudit::trace {

// The step runs one forward pass on batch `seed` and returns the loss and,
// optionally, every output (to tell "unused in forward" from "not in loss").
using StepFunction = std::function<ForwardResult(uint64_t seed)>;

AuditSubject module_subject(const std::shared_ptr<torch::nn::Module>& module, StepFunction step);

// Probes the module (train mode) and applies every dynamic rule.
std::vector<rules::DynamicFinding> audit_module(const std::shared_ptr<torch::nn::Module>& module, StepFunction step,
                                                int batches = 3);

}  // namespace gradaudit::trace
