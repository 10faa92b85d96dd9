// tft train: train a registered model on a data set into a run folder, or
// continue one (--resume); on one process, as one rank started by a launcher
// (torchrun, srun, mpirun: read from the environment), or as the launcher of
// --nproc-per-node ranks. Everything but flag parsing lives in src/train.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "common/cli_app.h"
#include "common/exit_codes.h"
#include "common/input_error.h"
#include "ddp/errors.h"
#include "ddp/rendezvous.h"
#include "tftcli/commands.h"
#include "tftcli/run_flags.h"
#include "train/launch_training.h"
#include "train/prepared_run.h"
#include "train/training_error.h"

namespace gradaudit::tftcli {
namespace {

struct TrainFlags {
  RunFlags run;
  std::string output, resume;
  train::LaunchTopology topology;
  int nproc_per_node = 0;
  std::string devices = "auto", precision = "32";
  bool find_unused = false, preflight_only = false;
  int64_t check_sync_every = 0;
  int timeout_s = 600;
};

train::TrainRequest request_from(const TrainFlags& f) {
  train::TrainRequest request = train_request_from(f.run);
  if (!f.resume.empty()) {
    if (!f.output.empty() && f.output != f.resume) throw InputError("--resume continues RUN_DIR in place; drop -o");
    request.resume = true;
    request.run_dir = f.resume;
  } else {
    if (f.output.empty()) throw InputError("-o: required (the run folder to write)");
    request.spec = run_spec_from(f.run);
    request.run_dir = f.output;
  }
  train::ExecutionOptions& e = request.execution;
  e.devices = f.devices;
  e.precision = train::parse_precision(f.precision);
  e.find_unused_parameters = f.find_unused;
  if (f.check_sync_every < 0) throw InputError("--check-sync-every: expected a step count >= 0");
  e.check_sync_every = f.check_sync_every;
  if (f.timeout_s < 1) throw InputError("--timeout: expected at least 1 second");
  e.timeout = std::chrono::seconds(f.timeout_s);
  return request;
}

int print_preflight(const train::PreflightResult& check) {
  if (!check.ok) {
    std::cerr << "tft train: the pre-flight audit found parameters that would get no gradient\n" << check.report;
    return kExitFindings;
  }
  std::cerr << fmt::format("tft train: pre-flight passed: every parameter gets a gradient ({:.2f} s)\n", check.seconds);
  return kExitOk;
}

// A run that failed for a reason of its own or of the ranks': exit 1, the
// reason on stderr and for the launcher.
int training_failed(const std::exception& e) {
  const std::string line = std::string("tft: error: ") + e.what();
  std::cerr << line << "\n";
  leave_error_for_launcher(line);
  return kExitFindings;
}

int train_here(const TrainFlags& f, train::TrainRequest request, const forecasters::ModelRegistry& registry) {
  train::TrainResult r;
  try {
    r = train::train(registry, request);
  } catch (const ddp::DistributedError& e) {
    return training_failed(e);
  } catch (const train::TrainingError& e) {
    return training_failed(e);
  }
  using Outcome = train::TrainResult::Outcome;
  if (r.outcome == Outcome::kRefused) {
    std::cerr << "tft train: refused: the pre-flight audit found parameters that would get no gradient\n"
              << r.preflight_report;
    leave_error_for_launcher("tft train: refused by the pre-flight audit");
    return kExitFindings;
  }
  if (r.rank != 0) return r.outcome == Outcome::kInterrupted ? 130 : kExitOk;
  if (r.outcome == Outcome::kInterrupted) {
    std::cerr << fmt::format("tft train: interrupted at step {}; checkpoint saved; continue with: tft train --resume {}\n",
                             r.steps, request.run_dir);
    return 130;  // as a shell reports a Ctrl-C
  }
  if (!f.run.quiet) {
    const std::string best =
        r.best_valid_loss >= 0 ? fmt::format(", best valid_loss {:.6g} at step {}", r.best_valid_loss, r.best_step) : "";
    const std::string ranks = r.world_size > 1 ? fmt::format(" on {} ranks", r.world_size) : "";
    std::cerr << fmt::format("tft train: {} at step {}{} ({:.1f} s{}, {:.0f} windows/s); run folder {}\n",
                             r.outcome == Outcome::kStoppedEarly ? "stopped early" : "finished", r.steps, best,
                             r.seconds, ranks, r.windows_per_second, request.run_dir);
  }
  return kExitOk;
}

int run_train(const TrainFlags& f, const forecasters::ModelRegistry& registry) {
  train::TrainRequest request = request_from(f);
  request.execution.rendezvous = ddp::rendezvous_from_environment();
  if (f.preflight_only) return print_preflight(train::preflight_run(train::prepare_run(registry, request), request));
  train::LaunchTopology topology = f.topology;
  topology.nproc_per_node = std::max(f.nproc_per_node, 1);
  train::validate_topology(topology);
  if (!request.execution.rendezvous && f.nproc_per_node * topology.nnodes > 1) {
    const train::LaunchReport report = train::launch_training(registry, request, topology);
    std::cerr << report.message;
    return report.exit_code;
  }
  return train_here(f, std::move(request), registry);
}

}  // namespace

void add_train_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<TrainFlags>();
  CLI::App* cmd = app.add_subcommand("train", "train the TFT on a data set into a run folder (or --resume one)");
  add_run_flags(*cmd, f->run);
  cmd->add_option("-o,--output", f->output, "run folder to write (checkpoint, metrics.csv)");
  cmd->add_option("--resume", f->resume, "continue the run in this folder with everything it recorded");
  cmd->add_flag("--preflight-only", f->preflight_only, "audit the configuration for parameters without gradient, and stop");

  const std::string ranks = "Several processes (DDP)";
  cmd->add_option("--nproc-per-node", f->nproc_per_node, "ranks to start on this node (one per GPU on CUDA)")
      ->group(ranks);
  cmd->add_option("--nnodes", f->topology.nnodes, "nodes taking part (default 1)")->group(ranks);
  cmd->add_option("--node-rank", f->topology.node_rank, "this node's index, 0..nnodes-1")->group(ranks);
  cmd->add_option("--master-addr", f->topology.master_addr, "address of node 0 (default 127.0.0.1)")->group(ranks);
  cmd->add_option("--master-port", f->topology.master_port, "port of node 0's store (default: a free one, one node)")
      ->group(ranks);
  cmd->add_option("--devices", f->devices, "cpu, cuda, or auto: cuda when there is a GPU")
      ->capture_default_str()
      ->group(ranks);
  cmd->add_option("--precision", f->precision, "32, bf16-mixed, or 16-mixed (CUDA, with a gradient scaler)")
      ->capture_default_str()
      ->group(ranks);
  cmd->add_flag("--find-unused-parameters", f->find_unused,
                "let DDP search every step for parameters without gradient (slower; off as in PyTorch)")
      ->group(ranks);
  cmd->add_option("--check-sync-every", f->check_sync_every,
                  "steps between cross-rank checksums of the parameters (0: never)")
      ->group(ranks);
  cmd->add_option("--timeout", f->timeout_s, "seconds for the rendezvous and each collective")
      ->capture_default_str()
      ->group(ranks);
  cmd->callback([f, &exit_code, &registry] { exit_code = run_train(*f, registry); });
}

}  // namespace gradaudit::tftcli
