// tft explain: the TFT's own interpretation, averaged per series.
#include <ATen/ATen.h>
#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "common/input_error.h"
#include "common/atomic_write.h"
#include "plots/plots.h"
#include "train/evaluation.h"
#include "train/forecast.h"

namespace gradaudit::train {
namespace {

// The inputs behind each column of the history and future weights: historic
// columns, then future-known ones (or the repeated target when there are
// none), then the target (NeuralForecast's order).
std::vector<std::string> history_names(const data::Dataset& data) {
  std::vector<std::string> names = data.roles.hist;
  if (data.roles.futr.empty()) names.push_back("y (repeated as future input)");
  names.insert(names.end(), data.roles.futr.begin(), data.roles.futr.end());
  names.push_back("y");
  return names;
}

std::vector<std::string> future_names(const data::Dataset& data) {
  return data.roles.futr.empty() ? std::vector<std::string>{"y (repeated as future input)"} : data.roles.futr;
}

}  // namespace

void explain(const LoadedRun& run, const data::Dataset& data, const std::string& out_dir, bool with_plots) {
  const SeriesTensors tensors(data);
  const WindowShape shape{run.options.input_size(), run.options.h()};
  std::vector<int64_t> series, cutoffs, visible;
  for (size_t s = 0; s < data.series.size(); ++s) {
    const int64_t t = tensors.length(s);
    const int64_t first = run.training.start_padding_enabled ? 1 : shape.input_size;
    for (int64_t c = t - shape.h; c >= first; c -= shape.h) {
      series.push_back(static_cast<int64_t>(s));
      cutoffs.push_back(c);
      visible.push_back(t);
    }
    if (series.empty() || series.back() != static_cast<int64_t>(s))
      throw InputError(fmt::format("{}: series '{}' is too short to explain: {} rows, a window needs {}", data.path,
                                   data.series[s].id, t, shape.length()));
  }
  const Forecasts f = forecast_windows(run.model, windows_at(tensors, series, cutoffs, visible, shape), shape, tensors,
                                       parse_scaler(run.training.scaler_type),
                                       run.training.inference_windows_batch_size, /*interpretability=*/true);
  // Per window: mean over time of the selection weights; attention of the
  // horizon's queries over every position, mean over heads and queries.
  const at::Tensor history = f.history_weights.mean(1);                           // [N, X+F'+1]
  const at::Tensor future = f.future_weights.mean(1);                             // [N, F']
  const at::Tensor attention =
      f.attention_weights.mean(1).narrow(1, shape.input_size, shape.h).mean(1);  // [N, L+h]

  std::string importance = "unique_id,kind,variable,weight\n";
  // Over every series too, for the pictures.
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<double>>> overall;
  std::string attention_csv = "unique_id,position,relative_step,weight\n";
  const auto hist_names = history_names(data), futr_names = future_names(data);
  for (size_t s = 0; s < data.series.size(); ++s) {
    std::vector<int64_t> rows;
    for (size_t i = 0; i < series.size(); ++i)
      if (series[i] == static_cast<int64_t>(s)) rows.push_back(static_cast<int64_t>(i));
    const at::Tensor index = at::tensor(rows, at::kLong);
    const std::string& id = data.series[s].id;
    auto emit = [&](const char* kind, const at::Tensor& weights, const std::vector<std::string>& names) {
      const at::Tensor mean = weights.index_select(0, index).mean(0);
      auto& [all_names, all_weights] = overall[kind];
      if (all_names.empty()) all_names = names, all_weights.assign(names.size(), 0.0);
      for (size_t v = 0; v < names.size(); ++v) {
        const double w = mean[static_cast<int64_t>(v)].item<float>();
        importance += fmt::format("{},{},{},{:.6g}\n", id, kind, names[v], w);
        all_weights[v] += w / static_cast<double>(data.series.size());
      }
    };
    if (f.static_weights.defined()) emit("static", f.static_weights, data.roles.stat);
    emit("historic", history, hist_names);
    emit("future", future, futr_names);
    const at::Tensor att = attention.index_select(0, index).mean(0);
    for (int64_t p = 0; p < shape.length(); ++p)
      attention_csv += fmt::format("{},{},{},{:.6g}\n", id, p, p - shape.input_size, att[p].item<float>());
  }
  std::filesystem::create_directories(out_dir);
  write_output((std::filesystem::path(out_dir) / "variable_importance.csv").string(), importance);
  write_output((std::filesystem::path(out_dir) / "attention.csv").string(), attention_csv);
  if (!with_plots) return;
  for (const auto& [kind, named] : overall)
    plots::plot_importance((std::filesystem::path(out_dir) / ("importance_" + kind + ".png")).string(),
                           kind + " variables: mean selection weight", named.first, named.second);
  // Attention of each horizon step over the window, averaged over heads,
  // windows and series.
  const at::Tensor map = f.attention_weights.mean(1).mean(0).narrow(0, shape.input_size, shape.h).contiguous();
  const std::vector<double> values(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
  plots::plot_heat_map((std::filesystem::path(out_dir) / "attention.png").string(),
                       "attention of the horizon over the window", values, static_cast<int>(shape.h),
                       static_cast<int>(shape.length()), "window position", "horizon step");
}

}  // namespace gradaudit::train
