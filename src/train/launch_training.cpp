#include "train/launch_training.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "common/input_error.h"
#include "ddp/launcher.h"
#include "train/device.h"
#include "train/prepared_run.h"

namespace gradaudit::train {
void validate_topology(const LaunchTopology& t) {
  if (t.nproc_per_node < 1) throw InputError("--nproc-per-node: expected at least 1");
  if (t.nnodes < 1) throw InputError("--nnodes: expected at least 1");
  if (t.node_rank < 0 || t.node_rank >= t.nnodes)
    throw InputError(fmt::format("--node-rank: expected 0..{}, got {}", t.nnodes - 1, t.node_rank));
  if (t.master_port < 0 || t.master_port > 65535) throw InputError("--master-port: expected a port in 1..65535");
  if (t.nnodes > 1 && t.master_port == 0)
    throw InputError("--master-port: required with --nnodes > 1 (every node must meet node 0 at the same port)");
}

namespace {

std::string report_failures(const ddp::LaunchResult& r) {
  std::string text;
  const int first = r.first_failed_rank;
  if (first >= 0)
    text += fmt::format("tft train: rank {} failed first: {}\n", r.first_rank + first, r.ranks[first].describe());
  for (size_t i = 0; i < r.ranks.size(); ++i) {
    if (r.ranks[i].ok() || static_cast<int>(i) == first) continue;
    text += fmt::format("tft train: rank {} {}\n", r.first_rank + static_cast<int>(i), r.ranks[i].describe());
  }
  return text;
}

}  // namespace

LaunchReport launch_training(const forecasters::ModelRegistry& registry, const TrainRequest& request,
                             const LaunchTopology& topology) {
  validate_topology(topology);
  // Device and precision errors once here, not once per rank.
  check_precision(request.execution.precision, training_device(request.execution.devices, 0));
  LaunchReport report;
  const PreparedRun run = prepare_run(registry, request);
  std::vector<std::string> argv = ddp::self_command_line();
  if (request.preflight && !request.resume) {
    const PreflightResult check = preflight_run(run, request);
    if (!check.ok) {
      report.exit_code = 1;
      report.message = "tft train: refused before starting any rank: the pre-flight audit found parameters that "
                       "would get no gradient\n" + check.report;
      return report;
    }
    // Audited once here; the ranks need not repeat it.
    if (std::find(argv.begin(), argv.end(), "--no-preflight") == argv.end()) argv.push_back("--no-preflight");
  }

  ddp::LaunchSpec spec;
  spec.argv = argv;
  spec.nproc_per_node = topology.nproc_per_node;
  spec.nnodes = topology.nnodes;
  spec.node_rank = topology.node_rank;
  spec.master_addr = topology.master_addr;
  spec.master_port = topology.master_port;
  // Ranks notice a dead peer at once (its sockets close) or after the
  // collective timeout; past that, SIGTERM then SIGKILL bound the wait.
  spec.grace = std::min<std::chrono::milliseconds>(request.execution.timeout, std::chrono::seconds(10));
  spec.forward_signals = true;
  const ddp::LaunchResult result = ddp::launch(spec);

  if (result.forwarded_signal != 0 && result.first_failed_rank < 0) {
    const bool all_saved = std::all_of(result.ranks.begin(), result.ranks.end(),
                                       [](const ddp::RankExit& r) { return r.ok() || r.exit_code == 130; });
    report.exit_code = 130;
    report.message = all_saved ? "" : report_failures(result);
    return report;
  }
  if (result.ok()) return report;
  report.message = report_failures(result);
  const ddp::RankExit& first = result.ranks[std::max(result.first_failed_rank, 0)];
  report.exit_code = first.signal == 0 && first.exit_code != 0 ? first.exit_code : 1;
  return report;
}

}  // namespace gradaudit::train
