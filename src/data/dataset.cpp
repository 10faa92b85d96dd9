#include "data/dataset.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/input_error.h"
#include "data/csv_table.h"
#include "data/long_frame.h"

namespace gradaudit::data {

size_t Dataset::rows() const {
  size_t n = 0;
  for (const auto& s : series) n += s.length();
  return n;
}

int Dataset::find(const std::string& id) const {
  for (size_t i = 0; i < series.size(); ++i)
    if (series[i].id == id) return static_cast<int>(i);
  return -1;
}

namespace {

void check_roles(const ColumnRoles& roles, const std::string& path) {
  std::map<std::string, std::string> role_of;
  auto claim = [&](const std::vector<std::string>& names, const char* role) {
    for (const auto& name : names) {
      if (name == "unique_id" || name == "ds" || name == "y")
        throw InputError(fmt::format("{}: column '{}' cannot be a {} exogenous variable", path, name, role));
      const auto [it, fresh] = role_of.emplace(name, role);
      if (!fresh)
        throw InputError(fmt::format("{}: column '{}' is listed as {} and as {} exogenous; give it one role", path,
                                     name, it->second, role));
    }
  };
  claim(roles.stat, "static");
  claim(roles.hist, "historic");
  claim(roles.futr, "future");
}

// Each series steps by `freq`: the first stamp that breaks the step names
// what is missing (or misplaced) and where.
void check_steps(const Series& s, const Frequency& freq, const LongFrame& frame) {
  for (size_t i = 1; i < s.time.size(); ++i) {
    const TimePoint expected = freq.advance(s.time[i - 1], 1);
    if (s.time[i] == expected) continue;
    if (s.time[i] > expected)
      throw InputError(fmt::format("{}:{}: series '{}': {} is missing between {} (line {}) and {} at frequency {}",
                                   frame.path, s.lines[i], s.id, format_time(expected, frame.time_format), s.ds[i - 1],
                                   s.lines[i - 1], s.ds[i], freq.alias()));
    throw InputError(fmt::format("{}:{}: series '{}': {} is not on frequency {} (after {}, expected {})", frame.path,
                                 s.lines[i], s.id, s.ds[i], freq.alias(), s.ds[i - 1],
                                 format_time(expected, frame.time_format)));
  }
}

Frequency frequency_of(const LongFrame& frame, const std::string& alias) {
  if (!alias.empty()) {
    Frequency f = Frequency::parse(alias);
    if (f.is_index() != !frame.time_format.dates)
      throw InputError(fmt::format("--freq {}: {} but the ds column holds {}", alias,
                                   f.is_index() ? "an integer step" : "a calendar frequency",
                                   frame.time_format.dates ? "dates" : "integers"));
    return f;
  }
  // Inferred from the first two stamps of the longest series.
  const Series* longest = &frame.series.front();
  for (const auto& s : frame.series)
    if (s.time.size() > longest->time.size()) longest = &s;
  if (longest->time.size() < 2)
    throw InputError(fmt::format("{}: every series has one row; give the frequency with --freq", frame.path));
  Frequency f;
  if (!infer_frequency({longest->time[0], longest->time[1]}, frame.time_format, &f))
    throw InputError(fmt::format("{}:{}: cannot infer the frequency from '{}' and '{}' (series '{}'); give it with "
                                 "--freq (H, D, W, MS, M, QS, Q, YS, Y)",
                                 frame.path, longest->lines[1], longest->ds[0], longest->ds[1], longest->id));
  return f;
}

}  // namespace

Dataset load_dataset(const DatasetSpec& spec) {
  check_roles(spec.roles, spec.data);
  std::vector<std::string> temporal = spec.roles.hist;
  temporal.insert(temporal.end(), spec.roles.futr.begin(), spec.roles.futr.end());
  LongFrame frame = read_long_frame(spec.data, temporal);
  if (!spec.roles.stat.empty() && spec.static_data.empty())
    throw InputError(fmt::format("static columns {} are listed but no static table was given (--static)",
                                 fmt::join(spec.roles.stat, ",")));
  if (!spec.static_data.empty()) attach_static(frame, spec.static_data, spec.roles.stat);

  Dataset data;
  data.path = spec.data;
  data.roles = spec.roles;
  data.roles.stat = frame.stat_columns;
  check_roles(data.roles, spec.static_data.empty() ? spec.data : spec.static_data);
  data.time_format = frame.time_format;
  data.freq = frequency_of(frame, spec.freq);
  for (const auto& s : frame.series) {
    check_steps(s, data.freq, frame);
    SeriesData out;
    out.id = s.id;
    out.time = s.time;
    out.y = s.y;
    for (size_t c = 0; c < spec.roles.hist.size(); ++c) out.hist.push_back(s.exog[c]);
    for (size_t c = 0; c < spec.roles.futr.size(); ++c) out.futr.push_back(s.exog[spec.roles.hist.size() + c]);
    out.stat = s.stat;
    data.series.push_back(std::move(out));
  }
  return data;
}

std::vector<std::vector<std::vector<double>>> load_future(const Dataset& data, const std::string& path, int64_t h) {
  const CsvTable table = read_csv(path);
  const size_t id_col = table.column("unique_id"), ds_col = table.column("ds");
  std::vector<size_t> cols;
  for (const auto& name : data.roles.futr) cols.push_back(table.column(name));
  std::vector<std::vector<std::vector<double>>> out(
      data.series.size(), std::vector<std::vector<double>>(cols.size(), std::vector<double>(h, 0.0)));
  std::vector<std::vector<bool>> seen(data.series.size(), std::vector<bool>(h, false));
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const int s = data.find(table.rows[r][id_col]);
    if (s < 0) continue;  // other series may be in the table
    TimePoint t = 0;
    if (!parse_time(table.rows[r][ds_col], data.time_format, &t))
      throw InputError(fmt::format("{}:{}: column 'ds': expected a time stamp like the data's, got '{}'", path,
                                   table.lines[r], table.rows[r][ds_col]));
    const SeriesData& series = data.series[s];
    for (int64_t k = 0; k < h; ++k) {
      if (data.freq.advance(series.time.back(), k + 1) != t) continue;
      if (seen[s][k])
        throw InputError(fmt::format("{}:{}: series '{}' has a second row for {}", path, table.lines[r], series.id,
                                     table.rows[r][ds_col]));
      seen[s][k] = true;
      for (size_t c = 0; c < cols.size(); ++c) out[s][c][k] = table.number(r, cols[c]);
    }
  }
  for (size_t s = 0; s < data.series.size(); ++s)
    for (int64_t k = 0; k < h; ++k)
      if (!seen[s][k])
        throw InputError(fmt::format("{}: series '{}' has no future values for {} (the horizon is {} steps after {})",
                                     path, data.series[s].id,
                                     format_time(data.freq.advance(data.series[s].time.back(), k + 1), data.time_format),
                                     h, format_time(data.series[s].time.back(), data.time_format)));
  return out;
}

}  // namespace gradaudit::data
