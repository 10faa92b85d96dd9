// Using a trained run: forecasts after the end of each series (`tft
// predict`), rolling-origin cross-validation (`tft cv`) with its accuracy
// metrics, and the model's own explanation (`tft explain`).
#pragma once

#include <string>
#include <vector>

#include "forecasters/model_registry.h"
#include "train/checkpoint.h"
#include "train/trainer.h"

namespace gradaudit::train {

// A run folder with its model built and its weights loaded (eval mode).
struct LoadedRun {
  Checkpoint checkpoint;
  forecasters::ForecastModel model;
  tft::TFTOptions options{1, 1};
  tft::Loss loss = tft::Loss::mae();
  TrainingOptions training;
};

LoadedRun load_run(const forecasters::ModelRegistry& registry, const std::string& run_dir);

// Rows of CSV text with a header.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::string csv() const;
};

// Forecast column names: "TFT" for point losses; "TFT", "TFT-lo-90", ...,
// "TFT-hi-90" for mq (the median first).
std::vector<std::string> forecast_columns(const tft::Loss& loss, const std::string& model_name = "TFT");

// h steps after the end of each series of `data` (read with the run's
// roles). `future`: the future columns over the horizon, [series][column]
// [step] (data::load_future), when the model has future columns.
Table predict(const LoadedRun& run, const data::Dataset& data,
              const std::vector<std::vector<std::vector<double>>>& future);

// History (the last 4 windows' worth), forecast and intervals of the first
// `max_series` series of `forecast` (predict's table), one panel each.
void plot_forecast(const data::Dataset& data, const Table& forecast, const tft::Loss& loss, int64_t input_size,
                   const std::string& path, int max_series = 6);

struct CvOptions {
  int64_t n_windows = 1;
  int64_t step_size = 1;
  bool refit = false;
  int64_t season_length = 1;  // for MASE
  std::string runs_dir;       // where the fitted runs go
};

struct CvResult {
  Table forecasts;  // unique_id, ds, cutoff, y, TFT...
  Table metrics;    // unique_id, mae, rmse, mase (and "overall")
};

// NeuralForecast's cross_validation: forecasts from n_windows origins, the
// last ending at the end of each series, step_size apart; the model trained
// once on everything before the first origin, or again before each (refit).
CvResult cross_validate(const forecasters::ModelRegistry& registry, const RunSpec& spec, const CvOptions& options,
                        const TrainRequest& training);

// Variable-selection weights (static, historic, future) and attention,
// averaged per series over its windows (one every h steps, horizon in the
// data): variable_importance.csv and attention.csv in `out_dir`, and their
// pictures (importance_<kind>.png per kind, attention.png) when `plots`.
void explain(const LoadedRun& run, const data::Dataset& data, const std::string& out_dir, bool plots = true);

}  // namespace gradaudit::train
