#include "train/trainer.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <torch/nn/module.h>
#include <torch/optim/adam.h>
#include <torch/utils.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/blas_threads.h"
#include "common/input_error.h"
#include "train/checkpoint.h"
#include "train/evaluation.h"
#include "train/gradient_sync.h"
#include "train/preflight.h"
#include "train/training_step.h"
#include "train/windows.h"

namespace gradaudit::train {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  g_interrupted = true;
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends the process at once
}

// Installs the Ctrl-C handler for the life of a training run.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = false;
    previous_ = std::signal(SIGINT, on_interrupt);
  }
  ~InterruptGuard() { std::signal(SIGINT, previous_); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  void (*previous_)(int);
};

void copy_weights(torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  auto source = from.named_parameters(), target = to.named_parameters();
  for (auto& p : target) p.value().copy_(source[p.key()]);
  auto source_buffers = from.named_buffers(), target_buffers = to.named_buffers();
  for (auto& b : target_buffers) b.value().copy_(source_buffers[b.key()]);
}

// metrics.csv keeps the rows up to the checkpoint's step: a resumed run
// continues the curve where the checkpoint left it.
void truncate_metrics(const std::filesystem::path& file, int64_t last_step) {
  std::ifstream in(file);
  if (!in) return;
  std::string line, kept;
  bool header = true;
  while (std::getline(in, line)) {
    // A row cut short by a kill has fewer than the five fields: dropped.
    const bool complete = std::count(line.begin(), line.end(), ',') == 4;
    if (header || (complete && std::strtoll(line.c_str(), nullptr, 10) <= last_step)) kept += line + "\n";
    header = false;
  }
  in.close();
  std::ofstream(file, std::ios::trunc) << kept;
}

double learning_rate_at(const TrainingOptions& o, int64_t step) {
  // NeuralForecast's StepLR: halved every lr_decay_steps.
  return o.learning_rate * std::pow(0.5, static_cast<double>((step - 1) / o.lr_decay_steps()));
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
  namespace fs = std::filesystem;
  set_compute_threads(request.threads);
  Checkpoint checkpoint;
  if (request.resume) {
    checkpoint = read_checkpoint(request.run_dir);
  } else {
    if (fs::exists(fs::path(checkpoint_dir(request.run_dir))))
      throw InputError(request.run_dir + ": already holds a run; continue it with --resume, or choose another -o");
    checkpoint.spec = request.spec;
  }
  RunSpec& spec = checkpoint.spec;
  const forecasters::ModelEntry& entry = registry.require(spec.model, "--model");
  const TrainingOptions options = spec.training();
  const data::Dataset data = data::load_dataset(spec.data);
  // What the run depends on, made explicit: "every static column", the
  // inferred frequency, paths that work from any folder.
  spec.data.roles = data.roles;
  spec.data.freq = data.freq.alias();
  spec.data.data = fs::absolute(spec.data.data).string();
  if (!spec.data.static_data.empty()) spec.data.static_data = fs::absolute(spec.data.static_data).string();
  const tft::TFTOptions model_options = spec.model_options();
  const tft::Loss loss = spec.loss(), valid_loss = spec.valid_loss();
  const ScalerType scaler = parse_scaler(options.scaler_type);
  const SeriesTensors tensors(data);
  const WindowShape shape{model_options.input_size(), model_options.h()};
  const WindowSampler sampler(tensors, data, shape, options);

  TrainResult result;
  if (request.preflight && !request.resume) {
    const PreflightResult check = preflight(entry, spec.resolved_config());
    if (!check.ok) {
      result.outcome = TrainResult::Outcome::kRefused;
      result.preflight_report = check.report;
      return result;
    }
  }

  torch::manual_seed(static_cast<uint64_t>(options.random_seed));
  forecasters::ForecastModel model = entry.build(model_options);
  forecasters::ForecastModel best = entry.build(model_options);
  torch::optim::Adam adam(model.module->parameters(), torch::optim::AdamOptions(options.learning_rate));
  RunState& state = checkpoint.state;
  if (request.resume) {
    load_weights(request.run_dir, *model.module);
    load_weights(request.run_dir, *best.module, /*best=*/true);
    load_optimizer(request.run_dir, adam);
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

  const fs::path metrics = fs::path(request.run_dir) / "metrics.csv";
  fs::create_directories(request.run_dir);
  if (request.resume) truncate_metrics(metrics, state.step);
  if (!fs::exists(metrics)) std::ofstream(metrics) << "step,train_loss,valid_loss,lr,seconds\n";
  std::ofstream metrics_out(metrics, std::ios::app);

  const bool validating = sampler.has_validation();
  const Windows validation = validating ? sampler.validation() : Windows{};
  GradientSync sync;  // one process; the DDP trainer syncs through the same seam
  TrainingStep step_runner(model, loss, adam, sync, options.gradient_clip_val);
  Progress progress(request.progress, state.step, options.max_steps, request.out);
  InterruptGuard interrupt;

  auto save = [&] {
    save_checkpoint(request.run_dir, checkpoint, *model.module, validating ? best.module.get() : nullptr, adam);
  };
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  const double seconds_before = state.seconds;
  double loss_sum = 0;
  int64_t losses = 0, windows_seen = 0;
  model.module->train();
  while (state.step < options.max_steps) {
    if (g_interrupted) {
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
    const ScaledBatch batch = scale_windows(sampler.training_batch(rng), shape, tensors, scaler);
    const double value = step_runner.run(batch.batch);
    windows_seen += batch.batch.outsample_y.size(0);
    loss_sum += value;
    ++losses;
    state.step = step;
    progress.step(step, value);

    if (step % options.val_check_steps != 0 && step != options.max_steps) continue;
    const double train_loss = loss_sum / static_cast<double>(losses);
    loss_sum = 0;
    losses = 0;
    double valid = -1;
    if (validating) {
      valid = validation_loss(model, validation, shape, tensors, scaler, valid_loss,
                              options.inference_windows_batch_size);
      model.module->train();
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
    metrics_out << fmt::format("{},{:.9g},{},{:.6g},{:.3f}\n", step, train_loss,
                               valid >= 0 ? fmt::format("{:.9g}", valid) : "", lr, state.seconds);
    metrics_out.flush();
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
      state.final_valid_loss = validation_loss(model, validation, shape, tensors, scaler, valid_loss,
                                               options.inference_windows_batch_size);
    }
    state.finished = true;
    state.seconds = seconds_before + elapsed();
    save();
    result.outcome = state.stopped_early ? TrainResult::Outcome::kStoppedEarly : TrainResult::Outcome::kFinished;
  }
  result.steps = state.step;
  result.best_valid_loss = state.best_valid_loss;
  result.best_step = state.best_step;
  result.seconds = elapsed();
  result.windows_per_second = result.seconds > 0 ? static_cast<double>(windows_seen) / result.seconds : 0.0;
  return result;
}

}  // namespace gradaudit::train
