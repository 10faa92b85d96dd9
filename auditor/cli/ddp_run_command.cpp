// gradaudit ddp-run: a real, short DDP job of a registered model on local
// processes (Gloo), the expensive way to find what `trace` predicts. Without a
// RANK in the environment it launches --nproc copies of itself; each copy
// (or each rank started by torchrun/srun/mpirun) trains --steps iterations on
// synthetic batches through the trainer's own step, with
// find_unused_parameters=false unless asked.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <torch/nn/module.h>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/optim/adam.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "common/input_error.h"
#include "config/space.h"
#include "ddp/launcher.h"
#include "ddp/rendezvous.h"
#include "ddp/world.h"
#include "forecasters/audit_targets.h"
#include "tft/config.h"
#include "train/training_step.h"

namespace gradaudit::cli {
namespace {

struct DdpRunFlags {
  std::string model;
  std::vector<std::string> config;  // key=value
  int nproc = 2, steps = 2, timeout_s = 60;
  bool find_unused = false;
};

config::Configuration parse_config(const std::string& model, const std::vector<std::string>& pairs) {
  std::string yaml = "fixed: {";
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto eq = pairs[i].find('=');
    if (eq == std::string::npos || eq == 0) throw InputError("ddp-run: --config: expected key=value, got '" + pairs[i] + "'");
    yaml += (i ? ", " : "") + pairs[i].substr(0, eq) + ": " + pairs[i].substr(eq + 1);
  }
  yaml += "}\n";
  config::Configuration c = config::parse_space(yaml, "--config", tft::config_keys(), model).front();
  // The same defaults as the model's audit space: a horizon of 12 and twice
  // that observed.
  if (!c.contains("h")) c["h"] = 12;
  if (!c.contains("input_size") && !c.contains("input_size_multiplier")) c["input_size"] = 2 * c["h"].get<int64_t>();
  return c;
}

int run_rank(const DdpRunFlags& f, const forecasters::ModelEntry& entry, const ddp::Rendezvous& where) {
  const config::Configuration config = parse_config(f.model, f.config);
  const tft::TFTOptions options = tft::options_from_config(config);
  const auto group = ddp::make_process_group(where, ddp::Backend::kGloo, std::chrono::seconds(f.timeout_s));
  const forecasters::ForecastModel model = entry.build(options);
  model.module->train();
  train::GradientSync sync(*model.module, group, {f.find_unused});
  const ddp::World world(where.rank, where.world_size, where.local_rank, group, "cpu");
  torch::optim::Adam adam(model.module->parameters(), torch::optim::AdamOptions(1e-3));
  train::TrainingStep step(model, tft::loss_from_config(config), adam, sync, world);
  try {
    for (int s = 0; s < f.steps; ++s)
      step.run(forecasters::synthetic_batch(options, static_cast<uint64_t>(where.rank + s * where.world_size)));
  } catch (const ddp::UnusedParametersError& e) {
    std::cout << fmt::format("rank {}: {}\n", where.rank, e.what()) << std::flush;
    return 1;
  }
  std::cout << fmt::format("rank {}: {} iterations without error\n", where.rank, f.steps) << std::flush;
  return 0;
}

int run_launcher(const DdpRunFlags& f) {
  std::vector<std::string> argv = {ddp::self_executable(), "ddp-run", "--model", f.model, "--steps",
                                   std::to_string(f.steps), "--timeout", std::to_string(f.timeout_s)};
  for (const auto& c : f.config) argv.insert(argv.end(), {"--config", c});
  if (f.find_unused) argv.push_back("--find-unused-parameters");
  const auto result = ddp::launch_local(f.nproc, argv, std::chrono::seconds(f.timeout_s + 30));
  int failed = 0;
  for (size_t r = 0; r < result.ranks.size(); ++r) {
    const auto& rank = result.ranks[r];
    if (rank.ok()) continue;
    ++failed;
    std::cout << fmt::format("ddp-run: rank {} {}\n", r,
                             rank.signal ? fmt::format("was killed by signal {}", rank.signal)
                                         : fmt::format("exited with {}", rank.exit_code));
  }
  if (result.timed_out) std::cout << "ddp-run: timed out; the remaining ranks were stopped\n";
  std::cout << fmt::format("ddp-run: {} ranks, {} iterations: {}\n", f.nproc, f.steps,
                           result.ok() ? "no error" : fmt::format("{} rank(s) failed", failed));
  return result.ok() ? 0 : 1;
}

}  // namespace

void add_ddp_run_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<DdpRunFlags>();
  CLI::App* cmd = app.add_subcommand("ddp-run", "run a short real DDP job of a registered model (Gloo, local processes)");
  cmd->add_option("--model", f->model, "a registered model (gradaudit trace --list-models)")->required();
  cmd->add_option("--config", f->config, "configuration as key=value (repeatable, or comma-separated)")->delimiter(',');
  cmd->add_option("--nproc", f->nproc, "processes to launch when not started by a launcher")->capture_default_str();
  cmd->add_option("--steps", f->steps, "training iterations (the reducer reports at the start of the next)")
      ->capture_default_str();
  cmd->add_option("--timeout", f->timeout_s, "seconds for the store and each collective")->capture_default_str();
  cmd->add_flag("--find-unused-parameters", f->find_unused, "let the reducer search for unused parameters");
  cmd->callback([f, &exit_code, &registry] {
    const forecasters::ModelEntry& entry = registry.require(f->model, "ddp-run: --model");
    if (f->nproc < 1 || f->steps < 1) throw InputError("ddp-run: --nproc and --steps: expected at least 1");
    tft::options_from_config(parse_config(f->model, f->config));  // bad keys fail here, once, not in every rank
    const auto where = ddp::rendezvous_from_environment();
    exit_code = where ? run_rank(*f, entry, *where) : run_launcher(*f);
  });
}

}  // namespace gradaudit::cli
