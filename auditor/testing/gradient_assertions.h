// GoogleTest assertions for a user's own model: fail with the list of
// parameters DDP would choke on.
//
//   TEST(MyModel, WorksUnderDdp) {
//     auto model = std::make_shared<MyModel>(options);
//     EXPECT_TRUE(gradaudit::testing::AllParametersReceiveGradients(model, [&](uint64_t seed) {
//       return gradaudit::trace::ForwardResult{model->forward(batch(seed)).loss(), {}};
//     }));
//   }
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "trace/module_audit.h"

namespace gradaudit::testing {

// Passes when no dynamic rule at error severity fires (no-gradient,
// non-finite-gradient, data-dependent-usage); the failure message lists each
// parameter with the rule, what happened and the fix.
inline ::testing::AssertionResult AllParametersReceiveGradients(const std::shared_ptr<torch::nn::Module>& module,
                                                                trace::StepFunction step, int batches = 3) {
  const auto findings = trace::audit_module(module, std::move(step), batches);
  std::string report;
  size_t errors = 0;
  for (const auto& f : findings) {
    if (f.rule->severity != rules::Severity::kError) continue;
    ++errors;
    report += "\n  " + f.parameter + " " + f.message + " [" + f.rule->tag() + "]; fix: " + f.recommendation;
  }
  if (errors == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << errors << " parameter finding(s) that make DistributedDataParallel fail:"
                                       << report;
}

}  // namespace gradaudit::testing
