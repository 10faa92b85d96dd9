#include "plots/plots.h"

#include <plplot/plstream.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "common/input_error.h"

namespace gradaudit::plots {
namespace {

namespace fs = std::filesystem;

const char* device_for(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".png") return "pngcairo";
  if (ext == ".svg") return "svgcairo";
  if (ext == ".pdf") return "pdfcairo";
  throw InputError(path + ": expected a .png, .svg or .pdf file to plot into");
}

// A PLplot stream writing to a temporary file beside `path`, renamed over it
// when the picture is complete. PLplot exits the process on a file it
// cannot open, so the folder is checked first.
class Canvas {
 public:
  Canvas(const std::string& path, int width, int height, int columns = 1, int rows = 1) : path_(path) {
    const char* device = device_for(path);
    const fs::path folder = fs::absolute(path).parent_path();
    temp_ = (folder / ("." + fs::path(path).filename().string() + ".tmp")).string();
    if (!std::ofstream(temp_)) throw InputError(path + ": cannot write here");
    stream_ = std::make_unique<plstream>();
    stream_->sdev(device);
    stream_->sfnam(temp_.c_str());
    stream_->spage(0, 0, width, height, 0, 0);
    stream_->scolbg(255, 255, 255);  // white background, black axes
    stream_->scol0(15, 0, 0, 0);
    stream_->ssub(columns, rows);  // panels: before init, as PLplot wants
    stream_->init();
  }
  ~Canvas() {
    if (stream_) {
      stream_.reset();
      std::remove(temp_.c_str());
    }
  }
  plstream& operator*() { return *stream_; }
  // Flushes the picture and moves it into place.
  void finish() {
    stream_.reset();  // PLplot writes the file when the stream ends
    std::error_code error;
    fs::rename(temp_, path_, error);
    if (error) throw InputError(path_ + ": cannot write the plot: " + error.message());
  }

 private:
  std::string path_, temp_;
  std::unique_ptr<plstream> stream_;
};

void bounds(const std::vector<double>& v, double* lo, double* hi) {
  for (double x : v) {
    if (!std::isfinite(x)) continue;
    *lo = std::min(*lo, x);
    *hi = std::max(*hi, x);
  }
}

}  // namespace

void plot_forecasts(const std::string& path, const std::vector<SeriesPlot>& series, const std::string& x_label) {
  if (series.empty()) throw InputError(path + ": no series to plot");
  const int n = static_cast<int>(series.size());
  const int columns = n == 1 ? 1 : 2, rows = (n + columns - 1) / columns;
  Canvas canvas(path, 900 * columns, 420 * rows, columns, rows);
  plstream& pl = *canvas;
  for (const auto& s : series) {
    double x_lo = 1e300, x_hi = -1e300, y_lo = 1e300, y_hi = -1e300;
    bounds(s.history_x, &x_lo, &x_hi);
    bounds(s.forecast_x, &x_lo, &x_hi);
    bounds(s.history_y, &y_lo, &y_hi);
    bounds(s.forecast_y, &y_lo, &y_hi);
    for (const auto& l : s.lower) bounds(l, &y_lo, &y_hi);
    for (const auto& u : s.upper) bounds(u, &y_lo, &y_hi);
    const double pad = (y_hi - y_lo) * 0.05 + 1e-9;
    pl.col0(15);
    pl.env(x_lo, x_hi, y_lo - pad, y_hi + pad, 0, 0);
    pl.lab(x_label.c_str(), "y", s.title.c_str());
    // Intervals as shaded bands, widest (lightest) first.
    for (size_t k = 0; k < s.lower.size(); ++k) {
      std::vector<double> x(s.forecast_x), y(s.lower[k]);
      x.insert(x.end(), s.forecast_x.rbegin(), s.forecast_x.rend());
      y.insert(y.end(), s.upper[k].rbegin(), s.upper[k].rend());
      const int shade = 200 - static_cast<int>(k) * 40;
      pl.scol0(2, shade, shade + 20 > 255 ? 255 : shade + 20, 255);
      pl.col0(2);
      pl.fill(static_cast<int>(x.size()), x.data(), y.data());
    }
    pl.scol0(1, 0, 0, 0);
    pl.col0(1);
    pl.line(static_cast<int>(s.history_x.size()), s.history_x.data(), s.history_y.data());
    pl.scol0(3, 200, 30, 30);
    pl.col0(3);
    pl.width(2);
    pl.line(static_cast<int>(s.forecast_x.size()), s.forecast_x.data(), s.forecast_y.data());
    pl.width(1);
  }
  canvas.finish();
}

void plot_importance(const std::string& path, const std::string& title, const std::vector<std::string>& names,
                     const std::vector<double>& weights) {
  if (names.empty()) throw InputError(path + ": no variables to plot");
  Canvas canvas(path, 900, 200 + 50 * static_cast<int>(names.size()));
  plstream& pl = *canvas;
  const double top = std::max(1e-9, *std::max_element(weights.begin(), weights.end())) * 1.1;
  const double n = static_cast<double>(names.size());
  pl.col0(15);
  pl.adv(0);
  pl.vpor(0.35, 0.95, 0.2, 0.85);
  pl.wind(0, top, 0, n);
  pl.box("bcnst", 0, 0, "bc", 0, 0);
  pl.lab("mean selection weight", "", title.c_str());
  pl.scol0(2, 60, 110, 190);
  for (size_t i = 0; i < names.size(); ++i) {
    const double y0 = n - static_cast<double>(i) - 0.85, y1 = n - static_cast<double>(i) - 0.15;
    double x[] = {0, weights[i], weights[i], 0}, y[] = {y0, y0, y1, y1};
    pl.col0(2);
    pl.fill(4, x, y);
    pl.col0(15);
    // The name left of the axis, level with its bar.
    pl.mtex("lv", 0.8, ((y0 + y1) / 2) / n, 1.0, names[i].c_str());
  }
  canvas.finish();
}

void plot_heat_map(const std::string& path, const std::string& title, const std::vector<double>& values, int rows,
                   int columns, const std::string& x_label, const std::string& y_label) {
  if (rows < 1 || columns < 1 || values.size() != static_cast<size_t>(rows) * static_cast<size_t>(columns))
    throw InputError(path + ": a heat map needs rows x columns values");
  Canvas canvas(path, 900, 700);
  plstream& pl = *canvas;
  pl.col0(15);
  pl.env(0, columns, 0, rows, 0, 0);
  pl.lab(x_label.c_str(), y_label.c_str(), title.c_str());
  // PLplot's image takes the data as [x][y].
  std::vector<std::vector<double>> grid(static_cast<size_t>(columns), std::vector<double>(static_cast<size_t>(rows)));
  double lo = 1e300, hi = -1e300;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < columns; ++c) {
      const double v = values[static_cast<size_t>(r) * static_cast<size_t>(columns) + static_cast<size_t>(c)];
      grid[static_cast<size_t>(c)][static_cast<size_t>(r)] = v;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  std::vector<const double*> columns_ptr;
  for (const auto& col : grid) columns_ptr.push_back(col.data());
  pl.image(columns_ptr.data(), columns, rows, 0, columns, 0, rows, lo, hi, 0, columns, 0, rows);
  canvas.finish();
}

void plot_search(const std::string& path, const std::vector<double>& trial, const std::vector<double>& loss,
                 const std::vector<double>& best_so_far) {
  if (trial.empty()) throw InputError(path + ": no trials to plot");
  Canvas canvas(path, 900, 500);
  plstream& pl = *canvas;
  double x_lo = 1e300, x_hi = -1e300, y_lo = 1e300, y_hi = -1e300;
  bounds(trial, &x_lo, &x_hi);
  bounds(loss, &y_lo, &y_hi);
  const double x_pad = std::max(0.5, (x_hi - x_lo) * 0.03), y_pad = (y_hi - y_lo) * 0.05 + 1e-9;
  pl.col0(15);
  pl.env(x_lo - x_pad, x_hi + x_pad, y_lo - y_pad, y_hi + y_pad, 0, 0);
  pl.lab("trial", "best validation loss", "search: each trial (points) and the best so far (line)");
  pl.scol0(2, 60, 110, 190);
  pl.col0(2);
  pl.ssym(0.0, 2.5);
  pl.poin(static_cast<int>(trial.size()), trial.data(), loss.data(), 4);
  pl.scol0(3, 200, 30, 30);
  pl.col0(3);
  pl.width(2);
  pl.line(static_cast<int>(trial.size()), trial.data(), best_so_far.data());
  pl.width(1);
  canvas.finish();
}

}  // namespace gradaudit::plots
