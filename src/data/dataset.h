// A training data set: long-format series with their column roles (static,
// historic, future), checked time stamps and frequency, as the trainer reads
// them. Everything a user can get wrong is an InputError naming the file,
// line, column or series.
#pragma once

#include <string>
#include <vector>

#include "data/time_axis.h"

namespace gradaudit::data {

// Which columns feed which kind of input (NeuralForecast's exog lists).
struct ColumnRoles {
  std::vector<std::string> stat;  // from the static table
  std::vector<std::string> hist;  // observed in the past only
  std::vector<std::string> futr;  // known over the horizon too
};

struct DatasetSpec {
  std::string data;         // long CSV: unique_id, ds, y, exogenous columns
  std::string static_data;  // static CSV: unique_id, static columns ("" for none)
  ColumnRoles roles;        // an empty `stat` with a static table: all its columns
  std::string freq;         // pandas alias or integer step; "" to infer
};

struct SeriesData {
  std::string id;
  std::vector<TimePoint> time;
  std::vector<double> y;
  std::vector<std::vector<double>> hist;  // [column][step]
  std::vector<std::vector<double>> futr;  // [column][step]
  std::vector<double> stat;               // one per static column
  size_t length() const { return y.size(); }
};

struct Dataset {
  std::string path;
  ColumnRoles roles;
  TimeFormat time_format;
  Frequency freq;
  std::vector<SeriesData> series;  // in file order

  size_t rows() const;
  // The index of a series by id, or -1.
  int find(const std::string& id) const;
};

// Reads and checks: every named column exists and is numeric and finite, no
// column has two roles, static rows exist exactly once per series, and each
// series steps by the frequency without gaps ("series 'x': 1955-04-01 is
// missing between 1955-03-01 (line 76) and 1955-05-01 (line 77)").
Dataset load_dataset(const DatasetSpec& spec);

// Future values of the `futr` columns over the `h` steps after each series'
// end: [series][column][step]. The table has unique_id, ds and every future
// column; a series or a step missing is an InputError naming them.
std::vector<std::vector<std::vector<double>>> load_future(const Dataset& data, const std::string& path, int64_t h);

}  // namespace gradaudit::data
