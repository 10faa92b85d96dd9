#include "train/metrics_log.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace gradaudit::train {
namespace {

constexpr const char* kHeader = "step,train_loss,valid_loss,lr,seconds";

void keep_rows_up_to(const std::filesystem::path& file, int64_t last_step) {
  std::ifstream in(file);
  if (!in) return;
  std::string line, kept;
  bool header = true;
  while (std::getline(in, line)) {
    // A row cut short by a kill has fewer than the five fields.
    const bool complete = std::count(line.begin(), line.end(), ',') == 4;
    if (header || (complete && std::strtoll(line.c_str(), nullptr, 10) <= last_step)) kept += line + "\n";
    header = false;
  }
  in.close();
  std::ofstream(file, std::ios::trunc) << kept;
}

}  // namespace

MetricsLog::MetricsLog(const std::string& run_dir, bool resume, int64_t resumed_step) {
  const std::filesystem::path file = std::filesystem::path(run_dir) / "metrics.csv";
  std::filesystem::create_directories(run_dir);
  if (resume) keep_rows_up_to(file, resumed_step);
  if (!std::filesystem::exists(file)) std::ofstream(file) << kHeader << "\n";
  out_.open(file, std::ios::app);
}

void MetricsLog::append(int64_t step, double train_loss, double valid_loss, double lr, double seconds) {
  out_ << fmt::format("{},{:.9g},{},{:.6g},{:.3f}\n", step, train_loss,
                      valid_loss >= 0 ? fmt::format("{:.9g}", valid_loss) : "", lr, seconds);
  out_.flush();
}

}  // namespace gradaudit::train
