#include "trace/confirm_ddp.h"

#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

#include <algorithm>
#include <set>

#include "ddp/distributed.h"
#include "ddp/thread_world.h"

namespace gradaudit::trace {

std::vector<std::string> predict_unused(const ProbeResult& probe, int world_size) {
  std::vector<std::string> names;
  if (probe.used.empty()) return names;
  for (size_t p = 0; p < probe.parameters.size(); ++p) {
    bool unused = false;
    for (int r = 0; r < world_size; ++r) unused = unused || !probe.used[r % probe.used.size()][p];
    if (unused) names.push_back(probe.parameters[p].name);
  }
  return names;
}

DdpCheck run_ddp_check(const AuditTarget& target, const ProbeResult& probe, size_t probe_index, int world_size) {
  DdpCheck check;
  check.probe = probe_index;
  check.world_size = world_size;
  check.predicted_unused = predict_unused(probe, world_size);
  const auto outcomes = ddp::run_threads(world_size, [&](int rank, c10::intrusive_ptr<c10d::ProcessGroup> group) {
    const AuditSubject subject = target.make_subject(target.model_config);
    ddp::DistributedDataParallel ddp(subject.parameters, subject.buffers, group,
                                     {/*find_unused_parameters=*/false});
    for (int iteration = 0; iteration < 2; ++iteration) {
      ddp.before_forward();
      ForwardResult step = subject.forward(static_cast<uint64_t>(rank));
      ddp.before_backward(step.outputs);
      step.loss.backward();
    }
  });
  std::set<std::string> reported;
  for (const auto& o : outcomes) {
    if (o.ok) continue;
    check.failed = true;
    if (check.error.empty()) check.error = o.error;
    reported.insert(o.unused_parameters.begin(), o.unused_parameters.end());
  }
  check.reported_unused.assign(reported.begin(), reported.end());
  std::vector<std::string> predicted = check.predicted_unused;
  std::sort(predicted.begin(), predicted.end());
  // Agreement both ways: a predicted failure happened and named the predicted
  // parameters; a predicted clean run ran clean.
  check.agrees = predicted.empty() ? !check.failed : (check.failed && predicted == check.reported_unused);
  return check;
}

}  // namespace gradaudit::trace
