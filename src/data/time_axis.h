// Time stamps of long-format data (`ds`) and their frequency: ISO dates
// (optionally with a time of day) or plain integer indices, stepped as
// pandas' aliases step them (H, D, W, MS/M, QS/Q, YS/Y) or by a fixed
// integer step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gradaudit::data {

// Seconds since 1970-01-01 for dates, the value itself for integer indices.
using TimePoint = int64_t;

class Frequency {
 public:
  enum class Unit { kIndex, kHour, kDay, kWeek, kMonthStart, kMonthEnd, kQuarterStart, kQuarterEnd, kYearStart, kYearEnd };

  Frequency() = default;
  Frequency(Unit unit, int64_t step) : unit_(unit), step_(step) {}

  // A pandas alias ("MS", "h", "D", ...) or, for integer indices, a whole
  // number step ("1"). Throws InputError naming `what`.
  static Frequency parse(const std::string& alias, const std::string& what = "--freq");

  Unit unit() const { return unit_; }
  bool is_index() const { return unit_ == Unit::kIndex; }
  // What parse() reads back: "MS", "D", "1" ...
  std::string alias() const;
  // The point `steps` periods after `t` (steps may be negative).
  TimePoint advance(TimePoint t, int64_t steps) const;

 private:
  Unit unit_ = Unit::kIndex;
  int64_t step_ = 1;
};

// How a data set writes its time stamps.
struct TimeFormat {
  bool dates = true;      // ISO dates; false: integer indices
  bool time_of_day = false;  // dates written with " HH:MM:SS"
};

// Parses one `ds` value; false when it is neither an ISO date nor an integer
// of the given format.
bool parse_time(const std::string& text, const TimeFormat& format, TimePoint* out);
// The format of a set of `ds` values, from the first one.
TimeFormat detect_time_format(const std::string& first);
std::string format_time(TimePoint t, const TimeFormat& format);

// The frequency that steps every consecutive pair of `points` (one series,
// strictly increasing, at least two); false when none of the known ones does.
bool infer_frequency(const std::vector<TimePoint>& points, const TimeFormat& format, Frequency* out);

}  // namespace gradaudit::data
