// tft bench-step: the time of one training step (forward, backward, Adam) on
// synthetic windows, for comparison with NeuralForecast's TFT in Python.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "common/input_error.h"
#include "tft/config.h"
#include "tftcli/commands.h"
#include "tftcli/config_flags.h"
#include "train/step_benchmark.h"

namespace gradaudit::tftcli {
namespace {

struct BenchFlags {
  ConfigFlags model;
  std::string model_name = "tft";
  train::StepBenchmark bench;
};

int run_bench(const BenchFlags& f, const forecasters::ModelRegistry& registry) {
  if (f.bench.steps < 1 || f.bench.batch_size < 1) throw InputError("--steps and --batch-size: expected at least 1");
  const auto& entry = registry.require(f.model_name, "--model");
  std::vector<double> ms = train::time_training_steps(entry, tft::options_from_config(f.model.values, &f.model.origins),
                                                      tft::loss_from_config(f.model.values, &f.model.origins), f.bench);
  std::sort(ms.begin(), ms.end());
  const double median = ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
  std::cout << fmt::format("step_ms median={:.2f} min={:.2f} max={:.2f}\n", median, ms.front(), ms.back());
  return 0;
}

}  // namespace

void add_bench_step_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<BenchFlags>();
  CLI::App* cmd = app.add_subcommand("bench-step", "time training steps on synthetic windows");
  add_model_flags(*cmd, f->model, /*with_counts=*/true);
  cmd->get_option("--h")->required();
  cmd->get_option("--input-size")->required();
  cmd->add_option("--model", f->model_name, "registered model")->capture_default_str();
  cmd->add_option("--batch-size", f->bench.batch_size, "windows per step")->capture_default_str();
  cmd->add_option("--steps", f->bench.steps, "timed steps")->capture_default_str();
  cmd->add_option("--warmup", f->bench.warmup, "untimed steps first")->capture_default_str();
  cmd->add_option("--threads", f->bench.threads, "intra-op threads (and OpenBLAS's); 0: LibTorch's default")
      ->capture_default_str();
  cmd->callback([f, &exit_code, &registry] { exit_code = run_bench(*f, registry); });
}

}  // namespace gradaudit::tftcli
