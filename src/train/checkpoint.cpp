#include "train/checkpoint.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/input_error.h"
#include "common/text.h"

namespace gradaudit::train {
namespace {

namespace fs = std::filesystem;
constexpr const char* kFormat = "gradaudit-tft-run";
constexpr int kVersion = 1;

void fsync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

nlohmann::ordered_json state_to_json(const RunState& s) {
  return {{"step", s.step},
          {"best_valid_loss", s.best_valid_loss},
          {"best_step", s.best_step},
          {"final_valid_loss", s.final_valid_loss},
          {"checks_without_improvement", s.checks_without_improvement},
          {"stopped_early", s.stopped_early},
          {"finished", s.finished},
          {"seconds", s.seconds}};
}

RunState state_from_json(const nlohmann::ordered_json& j) {
  RunState s;
  s.step = j.at("step").get<int64_t>();
  s.best_valid_loss = j.at("best_valid_loss").get<double>();
  s.best_step = j.at("best_step").get<int64_t>();
  s.final_valid_loss = j.at("final_valid_loss").get<double>();
  s.checks_without_improvement = j.at("checks_without_improvement").get<int64_t>();
  s.stopped_early = j.at("stopped_early").get<bool>();
  s.finished = j.at("finished").get<bool>();
  s.seconds = j.at("seconds").get<double>();
  return s;
}

// Swaps `fresh` into `target`'s place in one step (renameat2's exchange),
// or renames it there when there is no target yet.
void swap_in(const fs::path& fresh, const fs::path& target) {
  if (fs::exists(target)) {
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
      throw InputError(target.string() + ": cannot replace the checkpoint: " + std::strerror(errno));
    fs::remove_all(fresh);  // now the old checkpoint
  } else {
    fs::rename(fresh, target);
  }
  fsync_path(target.parent_path());
}

}  // namespace

std::string checkpoint_dir(const std::string& run_dir) { return (fs::path(run_dir) / "checkpoint").string(); }

void save_checkpoint(const std::string& run_dir, const Checkpoint& checkpoint, torch::nn::Module& weights,
                     torch::nn::Module* best, torch::optim::Optimizer& optimizer) {
  const fs::path dir(run_dir);
  const fs::path fresh = dir / ".checkpoint.tmp";
  try {
    fs::create_directories(dir);
    fs::remove_all(fresh);
    fs::create_directories(fresh);
    {
      torch::serialize::OutputArchive archive;
      weights.save(archive);
      archive.save_to((fresh / "weights.pt").string());
    }
    if (best) {
      torch::serialize::OutputArchive archive;
      best->save(archive);
      archive.save_to((fresh / "best.pt").string());
    }
    {
      torch::serialize::OutputArchive archive;
      optimizer.save(archive);
      archive.save_to((fresh / "optimizer.pt").string());
    }
    nlohmann::ordered_json record = {{"format", kFormat}, {"version", kVersion}};
    record.update(spec_to_json(checkpoint.spec));
    record["state"] = state_to_json(checkpoint.state);
    {
      std::ofstream out(fresh / "run.json");
      out << record.dump(2) << "\n";
      out.flush();
      if (!out) throw InputError((fresh / "run.json").string() + ": cannot write (disk full?)");
    }
    for (const auto& entry : fs::directory_iterator(fresh)) fsync_path(entry.path());
    fsync_path(fresh);
  } catch (const fs::filesystem_error& e) {
    throw InputError(run_dir + ": cannot write the checkpoint: " + e.code().message());
  } catch (const c10::Error& e) {
    throw InputError(run_dir + ": cannot write the checkpoint: " + first_line(e.what_without_backtrace()));
  }
  swap_in(fresh, dir / "checkpoint");
}

Checkpoint read_checkpoint(const std::string& run_dir) {
  const fs::path file = fs::path(checkpoint_dir(run_dir)) / "run.json";
  std::ifstream in(file);
  if (!in) throw InputError(run_dir + ": not a run folder (no checkpoint/run.json); train one with tft train -o DIR");
  nlohmann::ordered_json record;
  try {
    record = nlohmann::ordered_json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file.string() + ": damaged run record: " + first_line(e.what()));
  }
  // Compared as JSON values: value("format", "") would throw nlohmann's own
  // error for a format that is not a string (found by fuzzing).
  if (!record.is_object() || !record.contains("format") || record["format"] != kFormat)
    throw InputError(file.string() + ": not a gradaudit run record (format is not '" + kFormat + "')");
  if (!record.contains("version") || record["version"] != kVersion)
    throw InputError(file.string() + ": run record version " +
                     (record.contains("version") ? record["version"].dump() : "missing") + ", this tft reads " +
                     std::to_string(kVersion));
  Checkpoint c;
  c.spec = spec_from_json(record, file.string());
  try {
    c.state = state_from_json(record.at("state"));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file.string() + ": damaged training state: " + first_line(e.what()));
  }
  return c;
}

void load_weights(const std::string& run_dir, torch::nn::Module& model, bool best) {
  fs::path file = fs::path(checkpoint_dir(run_dir)) / (best ? "best.pt" : "weights.pt");
  if (best && !fs::exists(file)) file = fs::path(checkpoint_dir(run_dir)) / "weights.pt";
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(file.string(), c10::Device(c10::DeviceType::CPU));
    model.load(archive);
  } catch (const c10::Error& e) {
    throw InputError(file.string() + ": cannot load the weights: " + first_line(e.what_without_backtrace()));
  }
}

void load_optimizer(const std::string& run_dir, torch::optim::Optimizer& optimizer, const c10::Device& device) {
  const fs::path file = fs::path(checkpoint_dir(run_dir)) / "optimizer.pt";
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(file.string(), device);
    optimizer.load(archive);
  } catch (const c10::Error& e) {
    throw InputError(file.string() + ": cannot load the optimizer state: " + first_line(e.what_without_backtrace()));
  }
}

}  // namespace gradaudit::train
