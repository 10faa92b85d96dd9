// tft predict: forecasts after the end of each series from a run folder.
#include <CLI/CLI.hpp>

#include <memory>

#include "common/atomic_write.h"
#include "common/input_error.h"
#include "tftcli/commands.h"
#include "train/forecast.h"

namespace gradaudit::tftcli {
namespace {

struct PredictFlags {
  std::string run_dir, data, static_path, futr, output = "-", plot;
  int plot_series = 6;
};

int run_predict(const PredictFlags& f, const forecasters::ModelRegistry& registry) {
  const train::LoadedRun run = train::load_run(registry, f.run_dir);
  data::DatasetSpec spec = run.checkpoint.spec.data;  // the roles and frequency the model was trained with
  if (!f.data.empty()) spec.data = f.data;
  if (!f.static_path.empty()) spec.static_data = f.static_path;
  const data::Dataset data = data::load_dataset(spec);
  std::vector<std::vector<std::vector<double>>> future;
  if (!data.roles.futr.empty()) {
    if (f.futr.empty())
      throw InputError("--futr: required: the model uses future columns (" + data.roles.futr.front() +
                       ", ...) and needs their values over the horizon");
    future = data::load_future(data, f.futr, run.options.h());
  }
  const train::Table forecast = train::predict(run, data, future);
  write_output(f.output, forecast.csv());
  if (!f.plot.empty()) train::plot_forecast(data, forecast, run.loss, run.options.input_size(), f.plot, f.plot_series);
  return 0;
}

}  // namespace

void add_predict_command(CLI::App& app, int& exit_code, const forecasters::ModelRegistry& registry) {
  auto f = std::make_shared<PredictFlags>();
  CLI::App* cmd = app.add_subcommand("predict", "forecast h steps after the end of each series");
  cmd->add_option("--model", f->run_dir, "run folder written by tft train")->required();
  cmd->add_option("--data", f->data, "long-format CSV (default: the data the run was trained on)");
  cmd->add_option("--static", f->static_path, "static CSV (default: the run's)");
  cmd->add_option("--futr", f->futr, "future values: unique_id,ds,<future columns> for the h steps after each series");
  cmd->add_option("-o,--output", f->output, "forecast CSV (written atomically); - for stdout")->capture_default_str();
  cmd->add_option("--plot", f->plot, "also draw history, forecast and intervals: a .png, .svg or .pdf file");
  cmd->add_option("--plot-series", f->plot_series, "series on the plot's page")->capture_default_str();
  cmd->callback([f, &exit_code, &registry] { exit_code = run_predict(*f, registry); });
}

}  // namespace gradaudit::tftcli
