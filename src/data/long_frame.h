// Long-format time series as NeuralForecast reads them: `unique_id, ds, y`
// plus exogenous columns, rows sorted by id then date; and the static table
// (`unique_id` plus one column per static variable).
#pragma once

#include <string>
#include <vector>

#include "data/time_axis.h"

namespace gradaudit::data {

struct Series {
  std::string id;
  std::vector<std::string> ds;
  std::vector<TimePoint> time;              // ds parsed
  std::vector<size_t> lines;                // the source line of each row
  std::vector<double> y;
  std::vector<std::vector<double>> exog;    // [column][step], columns as in LongFrame::exog_columns
  std::vector<double> stat;                 // one value per LongFrame::stat_columns
};

struct LongFrame {
  std::string path;
  TimeFormat time_format;                 // ISO dates or integer indices, from the first row
  std::vector<std::string> exog_columns;  // the temporal exogenous columns read
  std::vector<std::string> stat_columns;  // the static columns read
  std::vector<Series> series;             // in file order

  size_t rows() const;
  // Index of an exogenous column; throws InputError.
  size_t exog_index(const std::string& name) const;
};

// Reads `path`, keeping the named exogenous columns (all of them if `exog` is
// empty and `all_exog` is true). Checks that ids are contiguous, that every
// ds is a date (or integer) like the first row's, and that ds strictly
// increases within a series. Throws InputError naming file:line.
LongFrame read_long_frame(const std::string& path, const std::vector<std::string>& exog, bool all_exog = false);

// Adds the static table's columns (all, or the named ones) to every series.
// Each series needs exactly one row; throws InputError otherwise.
void attach_static(LongFrame& frame, const std::string& path, const std::vector<std::string>& columns = {});

}  // namespace gradaudit::data
