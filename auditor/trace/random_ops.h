// Whether a TorchScript module's forward can draw from LibTorch's global
// generator (dropout, bernoulli, rand...). Forward passes that cannot need
// not wait for the generator lock (seeded_build.h) and run fully in
// parallel with `-j`.
#pragma once

#include <torch/csrc/jit/api/module.h>

namespace gradaudit::trace {

// Walks forward() and every method and function it calls. Conservative: a
// call it cannot follow counts as drawing.
bool forward_draws_random_numbers(const torch::jit::Module& module);

}  // namespace gradaudit::trace
