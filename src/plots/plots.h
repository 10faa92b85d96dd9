// Pictures of forecasts and of the TFT's interpretation, drawn with PLplot
// (Cairo driver): PNG, SVG or PDF by the file's extension. Written to a
// temporary file first and renamed, like every output.
#pragma once

#include <string>
#include <vector>

namespace gradaudit::plots {

struct SeriesPlot {
  std::string title;
  std::vector<double> history_x, history_y;    // the observed past (x: step index)
  std::vector<double> forecast_x, forecast_y;  // the point forecast
  // Intervals, widest first: lower and upper bound per forecast step.
  std::vector<std::vector<double>> lower, upper;
  std::vector<std::string> interval_labels;    // "90%", "80%"
};

// One page: a grid with one panel per series. Throws InputError naming the
// path for an extension other than .png, .svg or .pdf or a folder that
// cannot be written.
void plot_forecasts(const std::string& path, const std::vector<SeriesPlot>& series, const std::string& x_label);

// Horizontal bars: one per variable.
void plot_importance(const std::string& path, const std::string& title, const std::vector<std::string>& names,
                     const std::vector<double>& weights);

// A heat map of `values` (rows x columns, row-major).
void plot_heat_map(const std::string& path, const std::string& title, const std::vector<double>& values, int rows,
                   int columns, const std::string& x_label, const std::string& y_label);

// A search's history: each trial's validation loss (points, x: trial id)
// and the best so far (a line).
void plot_search(const std::string& path, const std::vector<double>& trial, const std::vector<double>& loss,
                 const std::vector<double>& best_so_far);

}  // namespace gradaudit::plots
