#include "train/forecast.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <torch/nn/module.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

#include "common/input_error.h"
#include "plots/plots.h"
#include "train/evaluation.h"

namespace gradaudit::train {
namespace {

std::string number(double v) { return fmt::format("{:.10g}", v); }

WindowShape shape_of(const LoadedRun& run) { return {run.options.input_size(), run.options.h()}; }

void require_window(const LoadedRun& run, const data::Dataset& data, size_t s, int64_t cutoff) {
  if (run.training.start_padding_enabled || cutoff >= run.options.input_size()) return;
  throw InputError(fmt::format("{}: series '{}' has {} observed steps before the forecast, fewer than input_size = {} "
                               "(the run was trained without start_padding_enabled)",
                               data.path, data.series[s].id, cutoff, run.options.input_size()));
}

}  // namespace

std::string Table::csv() const {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + columns[i];
  out += "\n";
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + row[i];
    out += "\n";
  }
  return out;
}

std::vector<std::string> forecast_columns(const tft::Loss& loss, const std::string& model_name) {
  std::vector<std::string> names = loss.output_names(model_name);
  if (loss.kind() == tft::LossKind::kMQ) names.front() = model_name;  // the median is the point forecast
  return names;
}

LoadedRun load_run(const forecasters::ModelRegistry& registry, const std::string& run_dir) {
  LoadedRun run;
  run.checkpoint = read_checkpoint(run_dir);
  const RunSpec& spec = run.checkpoint.spec;
  run.options = spec.model_options();
  run.loss = spec.loss();
  run.training = spec.training();
  run.model = registry.require(spec.model, run_dir + ": model").build(run.options);
  load_weights(run_dir, *run.model.module);
  run.model.module->eval();
  return run;
}

Table predict(const LoadedRun& run, const data::Dataset& data,
              const std::vector<std::vector<std::vector<double>>>& future) {
  const SeriesTensors tensors(data);
  const WindowShape shape = shape_of(run);
  std::vector<int64_t> series, cutoffs, visible;
  for (size_t s = 0; s < data.series.size(); ++s) {
    const int64_t t = tensors.length(s);
    require_window(run, data, s, t);
    series.push_back(static_cast<int64_t>(s));
    cutoffs.push_back(t);
    visible.push_back(t);
  }
  Windows windows = windows_at(tensors, series, cutoffs, visible, shape);
  const int64_t X = tensors.n_hist(), F = tensors.n_futr();
  for (size_t s = 0; s < future.size() && F > 0; ++s)
    for (int64_t c = 0; c < F; ++c)
      for (int64_t k = 0; k < shape.h; ++k)
        windows.temporal[static_cast<int64_t>(s)][shape.input_size + k][1 + X + c] =
            static_cast<float>(future[s][c][k]);
  const Forecasts f = forecast_windows(run.model, windows, shape, tensors, parse_scaler(run.training.scaler_type),
                                       run.training.inference_windows_batch_size);
  Table table;
  table.columns = {"unique_id", "ds"};
  for (const auto& name : forecast_columns(run.loss)) table.columns.push_back(name);
  const auto acc = f.y_hat.accessor<float, 3>();
  for (size_t s = 0; s < data.series.size(); ++s) {
    for (int64_t k = 0; k < shape.h; ++k) {
      std::vector<std::string> row = {data.series[s].id,
                                      data::format_time(data.freq.advance(data.series[s].time.back(), k + 1),
                                                        data.time_format)};
      for (int64_t q = 0; q < f.y_hat.size(2); ++q) row.push_back(number(acc[static_cast<int64_t>(s)][k][q]));
      table.rows.push_back(std::move(row));
    }
  }
  return table;
}

void plot_forecast(const data::Dataset& data, const Table& forecast, const tft::Loss& loss, int64_t input_size,
                   const std::string& path, int max_series) {
  const auto quantiles = loss.quantiles();
  const size_t q = std::max<size_t>(quantiles.size(), 1);
  std::vector<plots::SeriesPlot> panels;
  for (const auto& s : data.series) {
    if (static_cast<int>(panels.size()) >= max_series) break;
    plots::SeriesPlot p;
    p.title = s.id;
    const int64_t t = static_cast<int64_t>(s.length());
    for (int64_t i = std::max<int64_t>(0, t - 4 * input_size); i < t; ++i) {
      p.history_x.push_back(static_cast<double>(i));
      p.history_y.push_back(s.y[static_cast<size_t>(i)]);
    }
    std::vector<std::vector<double>> columns(q);
    int64_t k = 0;
    for (const auto& row : forecast.rows) {
      if (row[0] != s.id) continue;
      p.forecast_x.push_back(static_cast<double>(t + k++));
      for (size_t c = 0; c < q; ++c) columns[c].push_back(std::stod(row[2 + c]));
    }
    p.forecast_y = columns[0];
    // Quantile columns after the median: lower bounds ascending (widest
    // first), upper bounds ascending (narrowest first).
    const size_t levels = (q - 1) / 2;
    for (size_t l = 0; l < levels; ++l) {
      p.lower.push_back(columns[1 + l]);
      p.upper.push_back(columns[q - 1 - l]);
      p.interval_labels.push_back(fmt::format("{:g}%", (quantiles[q - 1 - l] - quantiles[1 + l]) * 100));
    }
    panels.push_back(std::move(p));
  }
  plots::plot_forecasts(path, panels, fmt::format("step ({})", data.freq.alias()));
}

CvResult cross_validate(const forecasters::ModelRegistry& registry, const RunSpec& spec, const CvOptions& options,
                        const TrainRequest& training) {
  namespace fs = std::filesystem;
  if (options.n_windows < 1) throw InputError("--n-windows: expected at least 1");
  if (options.step_size < 1) throw InputError("--step-size: expected at least 1");
  if (options.season_length < 1) throw InputError("--season-length: expected at least 1");
  const data::Dataset data = data::load_dataset(spec.data);
  RunSpec resolved = spec;
  resolved.data.roles = data.roles;
  const tft::TFTOptions model_options = resolved.model_options();
  const int64_t h = model_options.h();
  const int64_t span = h + (options.n_windows - 1) * options.step_size;  // held out from the first fit
  for (const auto& s : data.series)
    if (static_cast<int64_t>(s.length()) <= span)
      throw InputError(fmt::format("{}: series '{}' has {} rows, not more than the {} that {} windows of h = {} "
                                   "every {} steps hold out",
                                   data.path, s.id, s.length(), span, options.n_windows, h, options.step_size));
  const SeriesTensors tensors(data);
  const WindowShape shape{model_options.input_size(), h};

  CvResult result;
  result.forecasts.columns = {"unique_id", "ds", "cutoff", "y"};
  std::vector<std::string> names = forecast_columns(spec.loss());
  for (const auto& n : names) result.forecasts.columns.push_back(n);
  std::map<size_t, std::vector<std::pair<double, double>>> errors;  // series -> (error, y)
  std::map<size_t, int64_t> first_origin;

  std::optional<LoadedRun> run;
  for (int64_t w = 0; w < options.n_windows; ++w) {
    const int64_t held_out = span - w * options.step_size;  // steps after this window's origin
    if (w == 0 || options.refit) {
      RunSpec fit = resolved;
      fit.config["test_size"] = held_out;
      TrainRequest request = training;
      request.spec = fit;
      request.resume = false;
      request.run_dir = (fs::path(options.runs_dir) / fmt::format("window-{}", w)).string();
      fs::remove_all(request.run_dir);
      const TrainResult trained = train(registry, request);
      if (trained.outcome == TrainResult::Outcome::kRefused) throw InputError(trained.preflight_report);
      if (trained.outcome == TrainResult::Outcome::kInterrupted) throw InputError("cv: interrupted");
      run = load_run(registry, request.run_dir);
    }
    std::vector<int64_t> series, cutoffs, visible;
    for (size_t s = 0; s < data.series.size(); ++s) {
      const int64_t origin = tensors.length(s) - held_out;
      require_window(*run, data, s, origin);
      series.push_back(static_cast<int64_t>(s));
      cutoffs.push_back(origin);
      visible.push_back(origin + h);  // future columns known over the horizon; y only for scoring
      if (w == 0) first_origin[s] = origin;
    }
    const Forecasts f = forecast_windows(run->model, windows_at(tensors, series, cutoffs, visible, shape), shape,
                                         tensors, parse_scaler(run->training.scaler_type),
                                         run->training.inference_windows_batch_size);
    const auto acc = f.y_hat.accessor<float, 3>();
    for (size_t s = 0; s < data.series.size(); ++s) {
      const auto& series_data = data.series[s];
      const int64_t origin = cutoffs[s];
      for (int64_t k = 0; k < h; ++k) {
        const double y = series_data.y[static_cast<size_t>(origin + k)];
        std::vector<std::string> row = {series_data.id,
                                        data::format_time(series_data.time[static_cast<size_t>(origin + k)],
                                                          data.time_format),
                                        data::format_time(series_data.time[static_cast<size_t>(origin - 1)],
                                                          data.time_format),
                                        number(y)};
        for (int64_t q = 0; q < f.y_hat.size(2); ++q) row.push_back(number(acc[static_cast<int64_t>(s)][k][q]));
        result.forecasts.rows.push_back(std::move(row));
        errors[s].emplace_back(acc[static_cast<int64_t>(s)][k][0] - y, y);
      }
    }
  }

  // MAE, RMSE and MASE per series; MASE scaled by the mean absolute seasonal
  // difference of the series before its first origin (forecast::accuracy's).
  result.metrics.columns = {"unique_id", "mae", "rmse", "mase"};
  double all_abs = 0, all_sq = 0, mase_sum = 0;
  size_t all_n = 0, mase_n = 0;
  for (const auto& [s, e] : errors) {
    double abs_sum = 0, sq_sum = 0;
    for (const auto& [err, y] : e) abs_sum += std::abs(err), sq_sum += err * err;
    const double mae = abs_sum / static_cast<double>(e.size());
    const double rmse = std::sqrt(sq_sum / static_cast<double>(e.size()));
    const auto& y = data.series[s].y;
    double scale = 0;
    int64_t n = 0;
    for (int64_t t = options.season_length; t < first_origin[s]; ++t, ++n)
      scale += std::abs(y[static_cast<size_t>(t)] - y[static_cast<size_t>(t - options.season_length)]);
    const double mase = n > 0 && scale > 0 ? mae / (scale / static_cast<double>(n)) : std::nan("");
    result.metrics.rows.push_back({data.series[s].id, number(mae), number(rmse), number(mase)});
    all_abs += abs_sum, all_sq += sq_sum, all_n += e.size();
    if (!std::isnan(mase)) mase_sum += mase, ++mase_n;
  }
  result.metrics.rows.push_back({"overall", number(all_abs / static_cast<double>(all_n)),
                                 number(std::sqrt(all_sq / static_cast<double>(all_n))),
                                 mase_n ? number(mase_sum / static_cast<double>(mase_n)) : "nan"});
  return result;
}

}  // namespace gradaudit::train
