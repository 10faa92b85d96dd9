#include "trace/probe.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/variable.h>

#include <chrono>
#include <unordered_set>

#include "common/text.h"
#include "trace/error_summary.h"
#include "trace/seeded_build.h"
#include "trace/unusable_input.h"

namespace gradaudit::trace {
namespace {

using torch::autograd::Node;

// Every autograd node the outputs depend on: a parameter is "reachable" when
// its gradient accumulator is among them (what DDP's find_unused_parameters
// computes too).
std::unordered_set<const Node*> graph_of(const std::vector<at::Tensor>& outputs) {
  std::unordered_set<const Node*> seen;
  std::vector<std::shared_ptr<Node>> stack;
  for (const auto& out : outputs)
    if (out.defined() && out.grad_fn()) stack.push_back(out.grad_fn());
  while (!stack.empty()) {
    std::shared_ptr<Node> node = std::move(stack.back());
    stack.pop_back();
    if (!node || !seen.insert(node.get()).second) continue;
    for (const auto& edge : node->next_edges())
      if (edge.function) stack.push_back(edge.function);
  }
  return seen;
}

}  // namespace

ProbeResult probe_subject(const AuditSubject& subject, int batches, uint64_t seed) {
  const auto start = std::chrono::steady_clock::now();
  ProbeResult result;
  std::vector<at::Tensor> params;
  for (const auto& [name, tensor] : subject.parameters) {
    if (!tensor.requires_grad()) continue;  // frozen parameters are not findings
    rules::ParameterObservation obs;
    obs.name = name;
    result.parameters.push_back(obs);
    params.push_back(tensor);
  }
  try {
    for (int b = 0; b < batches; ++b) {
      for (auto& p : params) p.mutable_grad() = at::Tensor();
      ForwardResult step = seeded_forward(subject, seed, static_cast<uint64_t>(b));
      std::vector<at::Tensor> roots = step.outputs;
      roots.push_back(step.loss);
      const auto graph = graph_of(roots);
      std::vector<bool> reachable(params.size());
      for (size_t i = 0; i < params.size(); ++i) {
        const auto accumulator = torch::autograd::impl::try_get_grad_accumulator(params[i]);
        reachable[i] = accumulator && graph.count(accumulator.get());
      }
      TORCH_CHECK(step.loss.defined() && step.loss.numel() == 1, "the loss is not a scalar");
      if (step.loss.requires_grad()) step.loss.backward();

      std::vector<bool> used(params.size());
      for (size_t i = 0; i < params.size(); ++i) {
        auto& obs = result.parameters[i];
        ++obs.batches;
        obs.reachable_from_outputs += reachable[i];
        const at::Tensor& grad = params[i].grad();
        if (!grad.defined()) continue;
        used[i] = true;
        ++obs.with_gradient;
        if (!at::isfinite(grad).all().item<bool>()) ++obs.non_finite;
        if (!grad.any().item<bool>()) ++obs.all_zero;
      }
      result.used.push_back(std::move(used));
    }
  } catch (const c10::Error& e) {
    result.ok = false;
    result.error = error_summary(e.what_without_backtrace());
  } catch (const std::exception& e) {
    result.ok = false;
    result.error = error_summary(e.what());
  }
  for (auto& p : params) p.mutable_grad() = at::Tensor();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

ProbeResult probe(const SubjectFactory& make_subject, const config::Configuration& model_config, int batches,
                  bool seeded_build) {
  const auto start = std::chrono::steady_clock::now();
  AuditSubject subject;
  try {
    subject = build_subject(make_subject, model_config, seeded_build);
  } catch (const UnusableInput&) {
    throw;  // the audit's own input is bad: not a finding about this configuration
  } catch (const c10::Error& e) {
    ProbeResult r;
    r.ok = false;
    r.error = "building the model: " + error_summary(e.what_without_backtrace());
    return r;
  } catch (const std::exception& e) {
    ProbeResult r;
    r.ok = false;
    r.error = "building the model: " + error_summary(e.what());
    return r;
  }
  ProbeResult result = probe_subject(subject, batches, configuration_seed(model_config));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace gradaudit::trace
