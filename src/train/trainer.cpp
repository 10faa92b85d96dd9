#include "train/trainer.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <torch/nn/module.h>
#include <torch/optim/adam.h>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/utils.h>

#include <chrono>
#include <cmath>
#include <optional>

#include "common/blas_threads.h"
#include "common/input_error.h"
#include "common/text.h"
#include "ddp/errors.h"
#include "ddp/replica_check.h"
#include "train/checkpoint.h"
#include "train/device.h"
#include "train/evaluation.h"
#include "train/gradient_sync.h"
#include "train/interrupt.h"
#include "train/join_world.h"
#include "train/metrics_log.h"
#include "train/prepared_run.h"
#include "train/training_error.h"
#include "train/training_step.h"
#include "train/windows.h"

namespace gradaudit::train {
namespace {

void copy_weights(torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  auto source = from.named_parameters(), target = to.named_parameters();
  for (auto& p : target) p.value().copy_(source[p.key()]);
  auto source_buffers = from.named_buffers(), target_buffers = to.named_buffers();
  for (auto& b : target_buffers) b.value().copy_(source_buffers[b.key()]);
}

double learning_rate_at(const TrainingOptions& o, int64_t step) {
  // NeuralForecast's StepLR: halved every lr_decay_steps.
  return o.learning_rate * std::pow(0.5, static_cast<double>((step - 1) / o.lr_decay_steps()));
}

// The reducer's failure, said the way a user can act on it.
[[noreturn]] void rethrow_unused(const ddp::UnusedParametersError& e, const ddp::World& world) {
  throw ddp::UnusedParametersError(
      fmt::format("rank {}: {}; fix: construct these submodules only for the configurations that use them, or "
                  "train with --find-unused-parameters",
                  world.rank(), e.what()),
      e.parameters);
}

}  // namespace

uint64_t step_seed(int64_t seed, int64_t step) {
  // SplitMix64 of the pair: nearby seeds and steps give unrelated streams.
  uint64_t z = static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(step);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void set_compute_threads(int threads) {
  if (threads <= 0) return;
  // With OpenBLAS, its own pool does the matrix products and LibTorch's
  // intra-op pool stays at one thread: both at T nest one pool inside the
  // other and oversubscribe the cores (measured on 2 cores, B=256, hidden
  // 128: 1.36 s a step with both at 2, 0.43 s with OpenBLAS at 2 alone).
  if (set_blas_threads(threads)) {
    at::set_num_threads(1);
    return;
  }
  at::set_num_threads(threads);
}

TrainResult train(const forecasters::ModelRegistry& registry, const TrainRequest& request) {
  set_compute_threads(request.threads);
  PreparedRun run = prepare_run(registry, request);
  Checkpoint& checkpoint = run.checkpoint;
  const RunSpec& spec = checkpoint.spec;
  RunState& state = checkpoint.state;
  const TrainingOptions options = spec.training();
  const tft::TFTOptions model_options = spec.model_options();
  const tft::Loss loss = spec.loss(), valid_loss = spec.valid_loss();
  const ScalerType scaler = parse_scaler(options.scaler_type);
  const SeriesTensors tensors(run.data);
  const WindowShape shape{model_options.input_size(), model_options.h()};
  const WindowSampler sampler(tensors, run.data, shape, options);
  const ExecutionOptions& execution = request.execution;

  TrainResult result;
  if (request.preflight && !request.resume) {
    const PreflightResult check = preflight_run(run, request);
    if (!check.ok) {
      result.outcome = TrainResult::Outcome::kRefused;
      result.preflight_report = check.report;
      return result;
    }
  }
  const int local_rank = execution.rendezvous ? execution.rendezvous->local_rank : 0;
  const c10::Device device = training_device(execution.devices, local_rank);
  check_precision(execution.precision, device);
  // After the pre-flight: a refused configuration never meets the others.
  const ddp::World world = join_world(execution, device);
  result.world_size = world.size();
  result.rank = world.rank();

  torch::manual_seed(static_cast<uint64_t>(options.random_seed));
  forecasters::ForecastModel model = run.entry->build(model_options);
  forecasters::ForecastModel best = run.entry->build(model_options);
  if (request.resume) {
    load_weights(request.run_dir, *model.module);
    load_weights(request.run_dir, *best.module, /*best=*/true);
    if (state.finished) {
      result.outcome = state.stopped_early ? TrainResult::Outcome::kStoppedEarly : TrainResult::Outcome::kFinished;
      result.steps = state.step;
      result.best_valid_loss = state.best_valid_loss;
      result.best_step = state.best_step;
      return result;
    }
  } else {
    copy_weights(*model.module, *best.module);
  }
  model.module->to(device);
  best.module->to(device);
  torch::optim::Adam adam(model.module->parameters(), torch::optim::AdamOptions(options.learning_rate));
  if (request.resume) load_optimizer(request.run_dir, adam, device);

  // Rank 0 alone writes the run folder and reports progress.
  std::optional<MetricsLog> metrics;
  if (world.root()) metrics.emplace(request.run_dir, request.resume, state.step);
  const bool validating = sampler.has_validation();
  const Windows validation = validating ? sampler.validation() : Windows{};
  ddp::DdpOptions ddp_options;
  ddp_options.find_unused_parameters = execution.find_unused_parameters;
  GradientSync sync(*model.module, world.group(), ddp_options);  // no group: a world of one
  TrainingStep step_runner(model, loss, adam, sync, world, {options.gradient_clip_val, execution.precision});
  Progress progress(world.root() ? request.progress : ProgressStyle::kQuiet, state.step, options.max_steps,
                    request.out);
  InterruptGuard interrupt;
  const Share share{world.rank(), world.size()};
  auto validate = [&] {
    return validation_loss(model, validation, shape, tensors, scaler, valid_loss,
                           options.inference_windows_batch_size, world);
  };

  auto save = [&] {
    if (world.root())
      save_checkpoint(request.run_dir, checkpoint, *model.module, validating ? best.module.get() : nullptr, adam);
  };
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  const double seconds_before = state.seconds;
  double loss_sum = 0;
  int64_t losses = 0, windows_seen = 0;
  model.module->train();
  while (state.step < options.max_steps) {
    // Every rank stops at the same step, or one would wait for the others.
    if (world.all_reduce({InterruptGuard::requested() ? 1.0 : 0.0}, ddp::Reduce::kMax).front() > 0) {
      state.seconds = seconds_before + elapsed();
      save();
      result.outcome = TrainResult::Outcome::kInterrupted;
      break;
    }
    const int64_t step = state.step + 1;
    const uint64_t seed = step_seed(options.random_seed, step);
    torch::manual_seed(seed);
    std::mt19937_64 rng(seed);
    const double lr = learning_rate_at(options, step);
    for (auto& group : adam.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    std::vector<tft::TrainingBatch> micro_batches;
    for (int64_t k = 0; k < options.accumulate_grad_batches; ++k) {
      micro_batches.push_back(scale_windows(sampler.training_batch(rng, share), shape, tensors, scaler).batch);
      windows_seen += micro_batches.back().outsample_y.size(0);
    }
    double value = 0;
    try {
      value = step_runner.run(micro_batches);
    } catch (const ddp::UnusedParametersError& e) {
      rethrow_unused(e, world);
    } catch (const ddp::DistributedError&) {
      throw;
    } catch (const InputError&) {
      throw;
    } catch (const std::exception& e) {
      // A bucket's all-reduce fails inside backward, as Gloo's or c10's own
      // exception ("Connection closed by peer" when another rank died).
      if (!world.distributed()) throw;
      throw ddp::CollectiveError(fmt::format("rank {}: step {} failed: {}", world.rank(), step, first_line(e.what())));
    }
    loss_sum += value;
    ++losses;
    state.step = step;
    progress.step(step, value * world.size());
    if (execution.check_sync_every > 0 && step % execution.check_sync_every == 0)
      ddp::check_replicas_agree(world, ddp::named_parameters_of(*model.module), step);

    if (step % options.val_check_steps != 0 && step != options.max_steps) continue;
    // Each rank's shares of the step losses add up to the steps' losses.
    const double train_loss = world.sum(loss_sum) / static_cast<double>(losses);
    loss_sum = 0;
    losses = 0;
    // Judged on the reduced values, so every rank stops at the same check.
    if (!std::isfinite(train_loss))
      throw TrainingError(fmt::format("step {}: the training loss is {} (diverged); lower the learning rate, or clip "
                                      "the gradients (--gradient-clip-val)",
                                      step, train_loss));
    double valid = -1;
    if (validating) {
      valid = validate();
      if (!std::isfinite(valid))
        throw TrainingError(fmt::format("step {}: the validation loss is {}; lower the learning rate", step, valid));
      model.module->train();
      // The same loss on every rank: every rank takes the same decisions.
      if (state.best_valid_loss < 0 || valid < state.best_valid_loss) {
        state.best_valid_loss = valid;
        state.best_step = step;
        state.checks_without_improvement = 0;
        copy_weights(*model.module, *best.module);
      } else {
        ++state.checks_without_improvement;
      }
    }
    state.seconds = seconds_before + elapsed();
    if (metrics) metrics->append(step, train_loss, valid, lr, state.seconds);
    progress.check(step, train_loss, valid, lr);
    if (options.early_stop_patience_steps > 0 && state.checks_without_improvement >= options.early_stop_patience_steps) {
      state.stopped_early = true;
      break;
    }
    if (step != options.max_steps) save();
  }

  if (result.outcome != TrainResult::Outcome::kInterrupted) {
    // The best weights (by validation loss) are the run's result; their loss
    // is recorded again as a check that they were restored.
    if (validating) {
      copy_weights(*best.module, *model.module);
      state.final_valid_loss = validate();
    }
    state.finished = true;
    state.seconds = seconds_before + elapsed();
    save();
    result.outcome = state.stopped_early ? TrainResult::Outcome::kStoppedEarly : TrainResult::Outcome::kFinished;
  }
  // No rank returns before rank 0 has written the folder.
  world.barrier();
  result.steps = state.step;
  result.best_valid_loss = state.best_valid_loss;
  result.best_step = state.best_step;
  result.seconds = elapsed();
  result.skipped_steps = step_runner.skipped_steps();
  result.windows_per_second =
      result.seconds > 0 ? static_cast<double>(windows_seen * world.size()) / result.seconds : 0.0;
  return result;
}

}  // namespace gradaudit::train
