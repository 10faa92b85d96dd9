// tft cv: rolling-origin cross-validation (NeuralForecast's
// cross_validation) with MAE, RMSE and MASE per series.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "common/atomic_write.h"
#include "tftcli/commands.h"
#include "tftcli/run_flags.h"
#include "train/forecast.h"

namespace gradaudit::tftcli {
namespace {

struct CvFlags {
  RunFlags run;
  train::CvOptions cv;
  std::string output = "-", metrics_output;
};

int run_cv(CvFlags& f, const forecasters::ModelRegistry& registry) {
  const train::RunSpec spec = run_spec_from(f.run);
  bool temporary = false;
  if (f.cv.runs_dir.empty()) {
    char pattern[] = "/tmp/tft-cv-XXXXXX";
    if (!::mkdtemp(pattern)) throw std::runtime_error("cannot create a temporary folder for the cv runs");
    f.cv.runs_dir = pattern;
    temporary = true;
  }
  const train::CvResult r = train::cross_validate(registry, spec, f.cv, train_request_from(f.run));
  if (temporary) std::filesystem::remove_all(f.cv.runs_dir);
  write_output(f.output, r.forecasts.csv());
  if (!f.metrics_output.empty()) write_output(f.metrics_output, r.metrics.csv());
  // The metrics for people, on stderr when the forecasts go to stdout.
  std::ostream& out = f.output == "-" ? std::cerr : std::cout;
  out << fmt::format("{:<16} {:>12} {:>12} {:>8}\n", "unique_id", "MAE", "RMSE", "MASE");
  for (const auto& row : r.metrics.rows)
    out << fmt::format("{:<16} {:>12.4f} {:>12.4f} {:>8.4f}\n", row[0], std::stod(row[1]), std::stod(row[2]),
                       std::stod(row[3]));
  return 0;
}

}  // namespace

void add_cv_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<CvFlags>();
  CLI::App* cmd = app.add_subcommand("cv", "rolling-origin cross-validation with MAE, RMSE and MASE");
  add_run_flags(*cmd, f->run, /*with_step_size=*/false);
  cmd->add_option("--n-windows", f->cv.n_windows, "forecast origins")->capture_default_str();
  cmd->add_option("--step-size", f->cv.step_size, "steps between origins")->capture_default_str();
  cmd->add_flag("--refit", f->cv.refit, "train again before each origin (default: once, before the first)");
  cmd->add_option("--season-length", f->cv.season_length, "seasonal period for MASE's scale (12 for monthly data)")
      ->capture_default_str();
  cmd->add_option("--runs-dir", f->cv.runs_dir, "keep the fitted runs here (default: a temporary folder)");
  cmd->add_option("-o,--output", f->output, "forecasts: unique_id,ds,cutoff,y,TFT...; - for stdout")
      ->capture_default_str();
  cmd->add_option("--metrics", f->metrics_output, "also write the metrics table as CSV");
  cmd->callback([f, &exit_code, &registry] { exit_code = run_cv(*f, registry); });
}

}  // namespace gradaudit::tftcli
