#include "data/long_frame.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "data/csv_table.h"
#include "common/input_error.h"

namespace gradaudit::data {

size_t LongFrame::rows() const {
  size_t n = 0;
  for (const auto& s : series) n += s.y.size();
  return n;
}

size_t LongFrame::exog_index(const std::string& name) const {
  const auto it = std::find(exog_columns.begin(), exog_columns.end(), name);
  if (it == exog_columns.end()) throw InputError(fmt::format("{}: no exogenous column '{}' was read", path, name));
  return static_cast<size_t>(it - exog_columns.begin());
}

LongFrame read_long_frame(const std::string& path, const std::vector<std::string>& exog, bool all_exog) {
  const CsvTable table = read_csv(path);
  const size_t id_col = table.column("unique_id");
  const size_t ds_col = table.column("ds");
  const size_t y_col = table.column("y");

  LongFrame frame;
  frame.path = path;
  frame.exog_columns = exog;
  if (exog.empty() && all_exog) {
    for (const auto& name : table.header)
      if (name != "unique_id" && name != "ds" && name != "y") frame.exog_columns.push_back(name);
  }
  std::vector<size_t> exog_cols;
  for (const auto& name : frame.exog_columns) exog_cols.push_back(table.column(name));

  if (table.rows.empty()) throw InputError(fmt::format("{}:2: no data rows after the header", path));
  frame.time_format = detect_time_format(table.rows.front()[ds_col]);
  std::map<std::string, size_t> first_line;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    const std::string& id = row[id_col];
    if (id.empty()) throw InputError(fmt::format("{}:{}: column 'unique_id': empty id", path, table.lines[r]));
    if (frame.series.empty() || frame.series.back().id != id) {
      if (!first_line.emplace(id, table.lines[r]).second) {
        throw InputError(fmt::format("{}:{}: rows of series '{}' are not contiguous (it started on line {}); "
                                     "sort by unique_id, then ds",
                                     path, table.lines[r], id, first_line[id]));
      }
      Series s;
      s.id = id;
      s.exog.resize(exog_cols.size());
      frame.series.push_back(std::move(s));
    }
    Series& s = frame.series.back();
    TimePoint t = 0;
    if (!parse_time(row[ds_col], frame.time_format, &t)) {
      throw InputError(fmt::format("{}:{}: column 'ds': expected {} like the first row's '{}', got '{}'", path,
                                   table.lines[r],
                                   frame.time_format.dates ? "an ISO date (YYYY-MM-DD[ HH:MM[:SS]])" : "an integer",
                                   table.rows.front()[ds_col], row[ds_col]));
    }
    if (!s.time.empty() && !(s.time.back() < t)) {
      throw InputError(fmt::format("{}:{}: column 'ds': '{}' does not come after '{}' in series '{}'; "
                                   "sort by unique_id, then ds (and remove duplicated dates)",
                                   path, table.lines[r], row[ds_col], s.ds.back(), id));
    }
    s.ds.push_back(row[ds_col]);
    s.time.push_back(t);
    s.lines.push_back(table.lines[r]);
    s.y.push_back(table.number(r, y_col));
    for (size_t c = 0; c < exog_cols.size(); ++c) s.exog[c].push_back(table.number(r, exog_cols[c]));
  }
  return frame;
}

void attach_static(LongFrame& frame, const std::string& path, const std::vector<std::string>& columns) {
  const CsvTable table = read_csv(path);
  const size_t id_col = table.column("unique_id");
  frame.stat_columns = columns;
  if (columns.empty()) {
    for (const auto& name : table.header)
      if (name != "unique_id") frame.stat_columns.push_back(name);
  }
  std::vector<size_t> cols;
  for (const auto& name : frame.stat_columns) cols.push_back(table.column(name));

  std::map<std::string, size_t> row_of;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (!row_of.emplace(table.rows[r][id_col], r).second) {
      throw InputError(fmt::format("{}:{}: series '{}' has a second static row", path, table.lines[r],
                                   table.rows[r][id_col]));
    }
  }
  for (auto& s : frame.series) {
    const auto it = row_of.find(s.id);
    if (it == row_of.end()) throw InputError(fmt::format("{}: no static row for series '{}'", path, s.id));
    s.stat.clear();
    for (size_t c : cols) s.stat.push_back(table.number(it->second, c));
  }
}

}  // namespace gradaudit::data
