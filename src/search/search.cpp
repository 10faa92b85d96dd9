#include "search/search.h"

#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <thread>

#include "common/atomic_write.h"
#include "common/input_error.h"
#include "ddp/child_process.h"
#include "ddp/launcher.h"
#include "plots/plots.h"
#include "search/asha.h"
#include "search/search_space.h"
#include "search/space_audit.h"
#include "search/tpe.h"
#include "search/trial_process.h"
#include "search/trial_record.h"
#include "tft/config.h"
#include "train/checkpoint.h"
#include "train/interrupt.h"
#include "train/preflight.h"
#include "train/trainer.h"

namespace gradaudit::search {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr const char* kFormat = "gradaudit-tft-search";

// The base as given: its configuration unresolved (no schema counts, no
// exog lists the flags did not set), so a resumed search fixes exactly the
// keys the first one fixed.
Json base_to_json(const train::RunSpec& base) {
  Json j = train::spec_to_json(base);
  j["config"] = base.config;
  return j;
}

Json request_to_json(const SearchRequest& r) {
  return {{"format", kFormat},
          {"base", base_to_json(r.base)},
          {"space", r.space_path.empty() ? "" : fs::absolute(r.space_path).string()},
          {"num_samples", r.num_samples},
          {"seed", r.seed},
          {"sampler", r.sampler},
          {"tpe_startup_trials", r.tpe_startup_trials},
          {"scheduler", r.scheduler},
          {"grace_period", r.grace_period},
          {"reduction_factor", r.reduction_factor},
          {"parallel", r.parallel},
          {"devices", r.devices},
          {"preflight", r.preflight}};
}

SearchRequest request_from_json(const Json& j, const std::string& where) {
  try {
    if (j.value("format", "") != kFormat) throw InputError(where + ": not a search record (format is not '" + kFormat + "')");
    SearchRequest r;
    r.base = train::spec_from_json(j.at("base"), where);
    r.space_path = j.at("space").get<std::string>();
    r.num_samples = j.at("num_samples").get<int64_t>();
    r.seed = j.at("seed").get<int64_t>();
    r.sampler = j.at("sampler").get<std::string>();
    r.tpe_startup_trials = j.at("tpe_startup_trials").get<int64_t>();
    r.scheduler = j.at("scheduler").get<std::string>();
    r.grace_period = j.at("grace_period").get<int64_t>();
    r.reduction_factor = j.at("reduction_factor").get<int64_t>();
    r.parallel = j.at("parallel").get<int>();
    r.devices = j.at("devices").get<std::string>();
    r.preflight = j.at("preflight").get<bool>();
    return r;
  } catch (const Json::exception& e) {
    throw InputError(where + ": damaged search record: " + e.what());
  }
}

void validate(const SearchRequest& r) {
  if (r.sampler != "random" && r.sampler != "tpe") throw InputError("--search: expected random or tpe, got '" + r.sampler + "'");
  if (r.scheduler != "none" && r.scheduler != "asha")
    throw InputError("--scheduler: expected none or asha, got '" + r.scheduler + "'");
  if (r.parallel < 1) throw InputError("--parallel: expected at least 1 trial at a time");
  if (r.tpe_startup_trials < 0) throw InputError("--tpe-startup-trials: expected a count >= 0");
  if (r.grace_period < 1) throw InputError("--grace-period: expected at least 1 step");
  if (r.reduction_factor < 2) throw InputError("--reduction-factor: expected at least 2");
  if (r.devices != "auto" && r.devices != "cpu" && r.devices != "cuda")
    throw InputError("--devices: expected cpu, cuda or auto, got '" + r.devices + "'");
}

// A trial under way.
struct RunningTrial {
  int id;
  std::vector<Json> point;
  std::string dir;
  TrialProcess process;
  Clock::time_point started;
  int slot;
  size_t metrics_rows = 0;
  double best_loss = std::nan("");
  bool pruned = false;
  int64_t max_steps = 0;
};

class Search {
 public:
  Search(const forecasters::ModelRegistry& registry, SearchRequest request, bool resuming)
      : registry_(registry), request_(std::move(request)), resuming_(resuming) {}

  SearchResult run() {
    validate(request_);
    if (request_.space_path.empty() && !request_.base.config.contains("h"))
      throw InputError("--h: required (the forecast horizon)");
    // Trials and a resumed search may run from another folder.
    data::DatasetSpec& paths = request_.base.data;
    paths.data = fs::absolute(paths.data).string();
    if (!paths.static_data.empty()) paths.static_data = fs::absolute(paths.static_data).string();
    const forecasters::ModelEntry& entry = registry_.require(request_.base.model, "--model");
    const config::SpaceSpec spec =
        request_.space_path.empty()
            ? default_auto_space(request_.base.config.value("h", int64_t{0}), entry.name)
            : config::load_space_spec(request_.space_path, tft::config_keys(), entry.name);
    space_ = search_space_from(spec);
    space_.fix(request_.base.config);
    if (!space_.fixed.contains("h")) throw InputError("--h: required (the forecast horizon)");
    // NeuralForecast's Auto models validate on the last h steps.
    if (!space_.fixed.contains("val_size")) space_.fixed["val_size"] = space_.fixed["h"];
    if (request_.scheduler == "asha" && !space_.fixed.contains("val_check_steps"))
      space_.fixed["val_check_steps"] = request_.grace_period;
    samples_ = request_.num_samples > 0 ? request_.num_samples : space_.default_samples;
    seed_ = request_.seed >= 0 ? request_.seed : space_.default_seed;

    data_ = std::make_unique<data::Dataset>(data::load_dataset(request_.base.data));
    SearchResult result;
    if (request_.preflight && !resuming_) {
      const auto configs = structural_configurations(space_, data_->roles);
      const train::PreflightResult check = train::preflight(entry, configs, /*find_unused_parameters=*/false, 2);
      if (!check.ok) {
        result.outcome = SearchResult::Outcome::kRefused;
        result.preflight_report = fmt::format("{} structural configuration(s) of the space audited in {:.2f} s\n{}",
                                              configs.size(), check.seconds, check.report);
        return result;
      }
      result.preflight_report = fmt::format("pre-flight passed: {} structural configuration(s) of the space audited in "
                                            "{:.2f} s, every parameter gets a gradient\n",
                                            configs.size(), check.seconds);
      if (request_.preflight_only) {
        result.outcome = SearchResult::Outcome::kPreflightPassed;
        return result;
      }
      say(result.preflight_report);
    }
    fs::create_directories(request_.dir);
    if (!resuming_) write_output((fs::path(request_.dir) / "search.json").string(), request_to_json(request_).dump(2) + "\n");
    records_ = resuming_ ? read_trials(request_.dir) : std::vector<TrialRecord>{};
    loop();
    return finish(result);
  }

 private:
  void say(const std::string& text) const {
    if (request_.quiet) return;
    if (bar_) std::fputs("\r\033[K", request_.out);  // the line replaces the bar, which is redrawn after it
    std::fputs(text.c_str(), request_.out);
  }

  // On a terminal, one status line redrawn in place: trials done of all,
  // running, the best so far, the ETA.
  void draw_bar(size_t running, const Clock::time_point& started, int finished_now) const {
    if (!bar_) return;
    const size_t done = records_.size(), width = 24;
    const size_t filled = samples_ > 0 ? std::min(width, done * width / static_cast<size_t>(samples_)) : 0;
    const TrialRecord* b = best();
    const double per_trial =
        std::chrono::duration<double>(Clock::now() - started).count() / std::max(finished_now, 1);
    const auto eta = static_cast<int>(per_trial * static_cast<double>(samples_ - static_cast<int64_t>(done)));
    std::fputs(fmt::format("\r\033[K[{}{}] {}/{} trials, {} running, best {}{}", std::string(filled, '#'),
                           std::string(width - filled, '-'), done, samples_, running,
                           b ? fmt::format("{:.6g}", b->best_valid_loss) : "none",
                           finished_now > 0 ? fmt::format(", ETA {}m{:02d}s", eta / 60, eta % 60) : "")
                   .c_str(),
               request_.out);
    std::fflush(request_.out);
  }

  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& d : space_.dimensions) out.push_back(d.key);
    return out;
  }

  std::vector<Json> next_point(int id) const {
    std::mt19937_64 rng(train::step_seed(seed_, id));
    if (request_.sampler == "random") return random_point(space_, rng);
    std::vector<Observation> history;
    for (const auto& r : records_)
      if (r.has_loss()) history.push_back({r.point, r.best_valid_loss});
    TpeOptions options;
    options.startup_trials = request_.tpe_startup_trials;
    return TpeSampler(space_, options).suggest(history, rng);
  }

  RunningTrial start(int id, int slot) {
    const std::vector<Json> point = next_point(id);
    const config::Configuration config = space_.with(point);
    const std::string dir = (fs::path(request_.dir) / fmt::format("trial-{:03d}", id)).string();
    fs::remove_all(dir);  // a trial an interrupted search left unfinished starts again
    fs::create_directories(dir);
    write_output(dir + "/config.json", config.dump(2) + "\n");
    const train::RunSpec& base = request_.base;
    std::vector<std::string> argv = {ddp::self_executable(), "train", "--model", base.model, "--data", base.data.data,
                                     "--config", dir + "/config.json", "-q", "--no-preflight", "-o", dir + "/run"};
    // An empty static list means no static table for this trial.
    const bool with_static = !base.data.static_data.empty() &&
                             !(config.contains("stat_exog_list") && config["stat_exog_list"].empty());
    if (with_static) argv.insert(argv.end(), {"--static", base.data.static_data});
    if (!base.data.freq.empty()) argv.insert(argv.end(), {"--freq", base.data.freq});
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    argv.insert(argv.end(), {"--threads", std::to_string(std::max(1u, cores / static_cast<unsigned>(request_.parallel)))});
    std::vector<std::pair<std::string, std::string>> env = {{"GRADAUDIT_ERROR_FILE", dir + "/error.txt"}};
    if (gpus_ > 0) {
      // One GPU per trial, as NeuralForecast's Auto models reserve it.
      env.emplace_back("CUDA_VISIBLE_DEVICES", std::to_string(slot % gpus_));
      argv.insert(argv.end(), {"--devices", "cuda"});
    } else {
      argv.insert(argv.end(), {"--devices", "cpu"});
    }
    RunningTrial trial{id, point, dir, TrialProcess(argv, env, dir + "/log.txt"), Clock::now(), slot};
    trial.max_steps = train::training_options_from_config(config).max_steps;
    return trial;
  }

  // ASHA reads the trial's validation losses as its metrics.csv grows.
  void watch(RunningTrial& t) {
    if (!asha_ || t.pruned) return;
    std::ifstream in(t.dir + "/run/metrics.csv");
    std::string line;
    std::vector<std::string> rows;
    while (std::getline(in, line)) rows.push_back(line);
    for (size_t i = std::max<size_t>(t.metrics_rows, 1); i < rows.size(); ++i) {
      const std::string& row = rows[i];
      if (std::count(row.begin(), row.end(), ',') != 4) break;  // still being written
      const int64_t step = std::strtoll(row.c_str(), nullptr, 10);
      const size_t a = row.find(','), b = row.find(',', a + 1), c = row.find(',', b + 1);
      const std::string valid = row.substr(b + 1, c - b - 1);
      t.metrics_rows = i + 1;
      if (valid.empty()) continue;
      const double loss = std::strtod(valid.c_str(), nullptr);
      if (!(loss >= t.best_loss)) t.best_loss = loss;  // also replaces NaN
      if (!asha_->report(t.id, step, t.max_steps, t.best_loss)) {
        t.pruned = true;
        t.process.stop();
        return;
      }
    }
  }

  TrialRecord collect(const RunningTrial& t, int status) const {
    TrialRecord r;
    r.id = t.id;
    r.point = t.point;
    r.seconds = std::chrono::duration<double>(Clock::now() - t.started).count();
    const bool exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    // A pruned trial saves and exits 130; one told to stop as it was
    // already ending may also have finished, or ended on the signal.
    const bool stopped = t.pruned && ((WIFEXITED(status) && WEXITSTATUS(status) == 130) ||
                                      (WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM));
    const std::string run_dir = t.dir + "/run";
    if ((exited_ok || stopped) && fs::exists(run_dir + "/checkpoint/run.json")) {
      try {
        const train::RunState state = train::read_checkpoint(run_dir).state;
        r.steps = state.step;
        r.best_valid_loss = state.best_valid_loss >= 0 ? state.best_valid_loss : std::nan("");
        r.status = state.finished ? (state.stopped_early ? TrialStatus::kStoppedEarly : TrialStatus::kFinished)
                                  : TrialStatus::kPruned;
      } catch (const InputError& e) {
        r.status = TrialStatus::kFailed;
        r.error = e.what();
      }
      return r;
    }
    r.status = TrialStatus::kFailed;
    r.error = ddp::last_line_of(t.dir + "/error.txt");
    if (r.error.empty()) r.error = ddp::last_line_of(t.dir + "/log.txt");
    if (WIFSIGNALED(status)) r.error = fmt::format("killed by signal {}{}", WTERMSIG(status), r.error.empty() ? "" : ": " + r.error);
    return r;
  }

  const TrialRecord* best() const {
    const TrialRecord* best = nullptr;
    for (const auto& r : records_)
      if (r.has_loss() && (!best || r.best_valid_loss < best->best_valid_loss)) best = &r;
    return best;
  }

  void report(const TrialRecord& r, const Clock::time_point& started, int finished_now) const {
    const TrialRecord* b = best();
    const int left = static_cast<int>(samples_) - static_cast<int>(records_.size());
    const double per_trial = std::chrono::duration<double>(Clock::now() - started).count() / std::max(finished_now, 1);
    const double eta = per_trial * left;
    std::string outcome = r.status == TrialStatus::kFailed
                              ? "failed: " + r.error
                              : fmt::format("{} at step {}, best valid_loss {:.6g}", status_name(r.status), r.steps,
                                            r.best_valid_loss);
    say(fmt::format("trial {} ({}/{}): {} ({:.1f} s); best so far {}; ETA {}m{:02d}s\n", r.id, records_.size(), samples_,
                    outcome, r.seconds, b ? fmt::format("{:.6g} (trial {})", b->best_valid_loss, b->id) : "none",
                    static_cast<int>(eta) / 60, static_cast<int>(eta) % 60));
  }

  void loop() {
    if (request_.scheduler == "asha") asha_ = std::make_unique<Asha>(request_.grace_period, request_.reduction_factor);
    // Rungs already passed by recorded trials, so a resumed ASHA judges alike.
    gpus_ = request_.devices != "cpu" && torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
    if (request_.devices == "cuda" && gpus_ == 0)
      throw InputError("--devices cuda: LibTorch sees no GPU here; use --devices cpu");
    std::map<int, bool> done;
    for (const auto& r : records_) done[r.id] = true;
    std::list<RunningTrial> running;
    std::vector<bool> slot_busy(static_cast<size_t>(request_.parallel), false);
    const auto started = Clock::now();
    int finished_now = 0;
    int next = 0;
    train::InterruptGuard interrupt;
    bar_ = !request_.quiet && ::isatty(::fileno(request_.out));
    auto last_draw = Clock::now() - std::chrono::seconds(1);
    while (true) {
      if (bar_ && Clock::now() - last_draw > std::chrono::milliseconds(500)) {
        draw_bar(running.size(), started, finished_now);
        last_draw = Clock::now();
      }
      if (train::InterruptGuard::requested()) {
        for (auto& t : running) t.process.stop();
        for (auto& t : running)
          while (!t.process.poll()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        interrupted_ = true;
        if (bar_) std::fputs("\r\033[K", request_.out);
        return;
      }
      while (static_cast<int>(running.size()) < request_.parallel && next < samples_) {
        const int id = next++;
        if (done.count(id)) continue;
        const auto slot = static_cast<int>(std::find(slot_busy.begin(), slot_busy.end(), false) - slot_busy.begin());
        slot_busy[static_cast<size_t>(slot)] = true;
        running.push_back(start(id, slot));
      }
      if (running.empty()) {
        if (bar_) std::fputs("\r\033[K", request_.out);
        return;
      }
      bool ended = false;
      for (auto it = running.begin(); it != running.end(); ++it) {
        RunningTrial& t = *it;
        watch(t);
        const std::optional<int> status = t.process.poll();
        if (!status) continue;
        records_.push_back(collect(t, *status));
        write_trials(request_.dir, keys(), records_);
        ++finished_now;
        report(records_.back(), started, finished_now);
        slot_busy[static_cast<size_t>(t.slot)] = false;
        running.erase(it);
        ended = true;
        break;
      }
      if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  SearchResult finish(SearchResult result) {
    result.trials = static_cast<int>(records_.size());
    result.failed = static_cast<int>(std::count_if(records_.begin(), records_.end(),
                                                   [](const TrialRecord& r) { return r.status == TrialStatus::kFailed; }));
    if (interrupted_) {
      result.outcome = SearchResult::Outcome::kInterrupted;
      return result;
    }
    const TrialRecord* b = best();
    if (!b) return result;
    result.best_trial = b->id;
    result.best_valid_loss = b->best_valid_loss;
    // The best trial's run is the search's result, as NeuralForecast keeps
    // the best model: `tft predict --model DIR/best` uses it.
    const fs::path target = fs::path(request_.dir) / "best";
    const fs::path fresh = fs::path(request_.dir) / ".best.tmp";
    fs::remove_all(fresh);
    fs::copy(fs::path(request_.dir) / fmt::format("trial-{:03d}", b->id) / "run", fresh, fs::copy_options::recursive);
    fs::remove_all(target);
    fs::rename(fresh, target);
    write_output((target / "trial.json").string(), space_.with(b->point).dump(2) + "\n");
    plot();
    return result;
  }

  void plot() const {
    std::vector<TrialRecord> sorted = records_;
    std::sort(sorted.begin(), sorted.end(), [](const TrialRecord& a, const TrialRecord& b) { return a.id < b.id; });
    std::vector<double> x, loss, best_x, best_so_far;
    double best = std::numeric_limits<double>::infinity();
    for (const auto& r : sorted) {
      if (!r.has_loss()) continue;
      x.push_back(r.id);
      loss.push_back(r.best_valid_loss);
      best = std::min(best, r.best_valid_loss);
      best_x.push_back(r.id);
      best_so_far.push_back(best);
    }
    if (x.empty()) return;
    plots::plot_search((fs::path(request_.dir) / "search.png").string(), x, loss, best_so_far);
  }

  const forecasters::ModelRegistry& registry_;
  SearchRequest request_;
  bool resuming_;
  SearchSpace space_;
  int64_t samples_ = 0, seed_ = 1;
  std::unique_ptr<data::Dataset> data_;
  std::vector<TrialRecord> records_;
  std::unique_ptr<Asha> asha_;
  int gpus_ = 0;
  bool interrupted_ = false;
  bool bar_ = false;
};

}  // namespace

SearchResult run_search(const forecasters::ModelRegistry& registry, const SearchRequest& request) {
  if (request.dir.empty()) throw InputError("-o: required (the search folder to write)");
  if (!request.preflight_only && fs::exists(fs::path(request.dir) / "search.json"))
    throw InputError(request.dir + ": already holds a search; continue it with --resume, or choose another -o");
  return Search(registry, request, /*resuming=*/false).run();
}

SearchResult resume_search(const forecasters::ModelRegistry& registry, const std::string& dir, int parallel,
                           bool quiet) {
  const std::string path = (fs::path(dir) / "search.json").string();
  std::ifstream in(path);
  if (!in) throw InputError(dir + ": not a search folder (no search.json); start one with tft auto -o DIR");
  Json record;
  try {
    record = Json::parse(in);
  } catch (const Json::exception& e) {
    throw InputError(path + ": damaged search record: " + e.what());
  }
  SearchRequest request = request_from_json(record, path);
  request.dir = dir;
  request.quiet = quiet;
  if (parallel > 0) request.parallel = parallel;
  return Search(registry, request, /*resuming=*/true).run();
}

}  // namespace gradaudit::search
