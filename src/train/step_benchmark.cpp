#include "train/step_benchmark.h"

#include <torch/nn/module.h>
#include <torch/optim/adam.h>

#include <chrono>

#include "forecasters/audit_targets.h"
#include "train/gradient_sync.h"
#include "train/trainer.h"
#include "train/training_step.h"

namespace gradaudit::train {

std::vector<double> time_training_steps(const forecasters::ModelEntry& entry, const tft::TFTOptions& options,
                                        const tft::Loss& loss, const StepBenchmark& bench) {
  set_compute_threads(bench.threads);
  torch::manual_seed(1);
  const forecasters::ForecastModel model = entry.build(options);
  model.module->train();
  torch::optim::Adam adam(model.module->parameters(), torch::optim::AdamOptions(1e-3));
  GradientSync sync;
  const ddp::World world;
  TrainingStep step(model, loss, adam, sync, world);
  const tft::TrainingBatch batch = forecasters::synthetic_batch(options, 1, bench.batch_size);
  std::vector<double> ms;
  for (int i = 0; i < bench.warmup + bench.steps; ++i) {
    const auto start = std::chrono::steady_clock::now();
    step.run(batch);
    const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (i >= bench.warmup) ms.push_back(elapsed);
  }
  return ms;
}

}  // namespace gradaudit::train
