#include "trace/module_audit.h"

namespace gradaudit::trace {

AuditSubject module_subject(const std::shared_ptr<torch::nn::Module>& module, StepFunction step) {
  AuditSubject s;
  for (const auto& p : module->named_parameters()) s.parameters.emplace_back(p.key(), p.value());
  s.buffers = module->buffers();
  s.forward = std::move(step);
  s.owner = module;
  return s;
}

std::vector<rules::DynamicFinding> audit_module(const std::shared_ptr<torch::nn::Module>& module, StepFunction step,
                                                int batches) {
  module->train();
  const ProbeResult result = probe_subject(module_subject(module, std::move(step)), batches);
  if (!result.ok) throw std::runtime_error("forward/backward failed: " + result.error);
  return rules::check_dynamic(result);
}

}  // namespace gradaudit::trace
