#include "trace/confirm_ddp.h"

#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>

#include <algorithm>
#include <set>

#include "ddp/distributed.h"
#include "common/text.h"
#include "ddp/thread_world.h"
#include "trace/seeded_build.h"

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
  // Every rank's model is built here, before the threads start: building
  // (a TorchScript load, a seeded registered model) is never concurrent, and
  // each rank gets the weights the probe saw.
  std::vector<AuditSubject> subjects;
  try {
    for (int rank = 0; rank < world_size; ++rank)
      subjects.push_back(build_subject(target.make_subject, target.model_config, target.seeded_build));
  } catch (const std::exception& e) {
    // The probe built it; a build that fails now is reported, not thrown.
    check.failed = true;
    check.error = "building the model for rank " + std::to_string(subjects.size()) + ": " + first_line(e.what());
    return check;
  }
  const uint64_t batches = std::max<uint64_t>(1, probe.used.size());
  const auto outcomes = ddp::run_threads(world_size, [&](int rank, c10::intrusive_ptr<c10d::ProcessGroup> group) {
    const AuditSubject& subject = subjects[rank];
    ddp::DistributedDataParallel ddp(subject.parameters, subject.buffers, group,
                                     {/*find_unused_parameters=*/false});
    for (int iteration = 0; iteration < 2; ++iteration) {
      ddp.before_forward();
      // The batch the prediction assumed for this rank.
      ForwardResult step =
          seeded_forward(subject, configuration_seed(target.model_config), static_cast<uint64_t>(rank) % batches);
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
