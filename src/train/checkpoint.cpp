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
#include <sstream>

#include "common/file_checksum.h"
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

// A run record read as JSON; text that is not JSON is a damaged record.
nlohmann::ordered_json parse_run_record(std::istream& in, const fs::path& file) {
  try {
    return nlohmann::ordered_json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file.string() + ": damaged run record: " + first_line(e.what()));
  }
}

// The .pt files of a checkpoint folder with their sizes and checksums, as
// run.json records them ("files").
nlohmann::ordered_json checksums_of(const fs::path& dir) {
  nlohmann::ordered_json files = nlohmann::ordered_json::object();
  for (const char* name : {"weights.pt", "best.pt", "optimizer.pt"}) {
    if (!fs::exists(dir / name)) continue;
    const FileChecksum sum = file_checksum((dir / name).string());
    files[name] = {{"bytes", sum.bytes}, {"fnv1a64", sum.fnv1a64}};
  }
  return files;
}

// A file of the checkpoint must be the one run.json recorded: LibTorch would
// load a truncated tensor's bytes or a flipped byte without a word. Records
// written before checksums were kept carry no "files" and are trusted.
void check_recorded(const fs::path& file, const std::string& what) {
  const fs::path record_file = file.parent_path() / "run.json";
  std::ifstream in(record_file);
  const nlohmann::ordered_json record = parse_run_record(in, record_file);
  const auto name = file.filename().string();
  if (!record.is_object() || !record.contains("files") || !record.at("files").is_object()) return;
  const auto& files = record.at("files");
  if (!files.contains(name)) throw InputError(file.string() + ": not part of this checkpoint (run.json does not list it)");
  FileChecksum recorded;
  try {
    recorded.bytes = files[name].at("bytes").get<uint64_t>();
    recorded.fnv1a64 = files[name].at("fnv1a64").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(record_file.string() + ": damaged run record: files." + name + ": " +
                     first_line(e.what()));
  }
  const FileChecksum found = file_checksum(file.string());
  if (!(found == recorded))
    throw InputError(file.string() + ": cannot load " + what + ": damaged (" + std::to_string(found.bytes) +
                     " bytes with checksum " + found.fnv1a64 + ", run.json recorded " +
                     std::to_string(recorded.bytes) + " bytes with " + recorded.fnv1a64 + ")");
}

// LibTorch's file writer throws from its destructor when the very first
// write fails (a full disk: "unexpected pos 64 vs 0"), which ends the
// process. The archive is built in memory and written here, where a failed
// write is an error like any other.
void save_archive(torch::serialize::OutputArchive& archive, const fs::path& file) {
  std::ostringstream bytes;
  archive.save_to(bytes);
  const std::string data = bytes.str();
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.flush();
  if (!out) throw InputError(file.string() + ": cannot write (disk full?)");
}

// Removes a half-written checkpoint folder when the write fails (a full
// disk gets its space back); the previous checkpoint is untouched.
class RemovedUnlessKept {
 public:
  explicit RemovedUnlessKept(fs::path path) : path_(std::move(path)) {}
  ~RemovedUnlessKept() {
    std::error_code ignored;
    if (!kept_) fs::remove_all(path_, ignored);
  }
  RemovedUnlessKept(const RemovedUnlessKept&) = delete;
  RemovedUnlessKept& operator=(const RemovedUnlessKept&) = delete;
  void keep() { kept_ = true; }

 private:
  fs::path path_;
  bool kept_ = false;
};

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
  RemovedUnlessKept partial(fresh);
  try {
    fs::create_directories(dir);
    fs::remove_all(fresh);
    fs::create_directories(fresh);
    {
      torch::serialize::OutputArchive archive;
      weights.save(archive);
      save_archive(archive, fresh / "weights.pt");
    }
    if (best) {
      torch::serialize::OutputArchive archive;
      best->save(archive);
      save_archive(archive, fresh / "best.pt");
    }
    {
      torch::serialize::OutputArchive archive;
      optimizer.save(archive);
      save_archive(archive, fresh / "optimizer.pt");
    }
    nlohmann::ordered_json record = {{"format", kFormat}, {"version", kVersion}};
    record.update(spec_to_json(checkpoint.spec));
    record["state"] = state_to_json(checkpoint.state);
    record["files"] = checksums_of(fresh);
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
  partial.keep();  // swap_in removes what is left of it
  swap_in(fresh, dir / "checkpoint");
}

Checkpoint read_checkpoint(const std::string& run_dir) {
  const fs::path file = fs::path(checkpoint_dir(run_dir)) / "run.json";
  std::ifstream in(file);
  if (!in) throw InputError(run_dir + ": not a run folder (no checkpoint/run.json); train one with tft train -o DIR");
  const nlohmann::ordered_json record = parse_run_record(in, file);
  // Compared as JSON values: value("format", "") would throw nlohmann's own
  // error for a format that is not a string (found by fuzzing).
  if (!record.is_object() || !record.contains("format") || record.at("format") != kFormat)
    throw InputError(file.string() + ": not a gradaudit run record (format is not '" + kFormat + "')");
  if (!record.contains("version") || record.at("version") != kVersion)
    throw InputError(file.string() + ": run record version " +
                     (record.contains("version") ? record.at("version").dump() : "missing") + ", this tft reads " +
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
  check_recorded(file, "the weights");
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
  check_recorded(file, "the optimizer state");
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(file.string(), device);
    optimizer.load(archive);
  } catch (const c10::Error& e) {
    throw InputError(file.string() + ": cannot load the optimizer state: " + first_line(e.what_without_backtrace()));
  }
}

}  // namespace gradaudit::train
