#include "data/time_axis.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdio>

#include "common/input_error.h"

namespace gradaudit::data {
namespace {

constexpr int64_t kDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (the standard
// era-based conversion: 400-year eras of 146097 days).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct Civil {
  int64_t year, month, day;
};

Civil civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return {year_of_era + era * 400 + (month <= 2), month, day};
}

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int64_t days_in_month(int64_t y, int64_t m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// `months` calendar months after t, on the first or the last day.
TimePoint add_months(TimePoint t, int64_t months, bool month_end) {
  const int64_t seconds = t - floor_div(t, kDay) * kDay;
  const Civil c = civil_from_days(floor_div(t, kDay));
  const int64_t index = c.year * 12 + (c.month - 1) + months;
  const int64_t y = floor_div(index, 12), m = index - y * 12 + 1;
  const int64_t d = month_end ? days_in_month(y, m) : 1;
  return days_from_civil(y, m, d) * kDay + seconds;
}

bool digits(const std::string& s, size_t from, size_t n) {
  if (from + n > s.size()) return false;
  for (size_t i = from; i < from + n; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

int64_t number(const std::string& s, size_t from, size_t n) { return std::stoll(s.substr(from, n)); }

}  // namespace

Frequency Frequency::parse(const std::string& alias, const std::string& what) {
  const std::pair<const char*, Unit> kAliases[] = {
      {"H", Unit::kHour},          {"h", Unit::kHour},          {"D", Unit::kDay},         {"W", Unit::kWeek},
      {"MS", Unit::kMonthStart},   {"M", Unit::kMonthEnd},      {"ME", Unit::kMonthEnd},   {"QS", Unit::kQuarterStart},
      {"Q", Unit::kQuarterEnd},    {"QE", Unit::kQuarterEnd},   {"YS", Unit::kYearStart},  {"AS", Unit::kYearStart},
      {"Y", Unit::kYearEnd},       {"A", Unit::kYearEnd},       {"YE", Unit::kYearEnd},
  };
  for (const auto& [name, unit] : kAliases)
    if (alias == name) return Frequency(unit, 1);
  if (!alias.empty() && digits(alias, 0, alias.size()) && std::stoll(alias) > 0)
    return Frequency(Unit::kIndex, std::stoll(alias));
  throw InputError(fmt::format("{}: expected a pandas frequency (H, D, W, MS, M, QS, Q, YS, Y) or a whole-number "
                               "step for integer ds, got '{}'",
                               what, alias));
}

std::string Frequency::alias() const {
  switch (unit_) {
    case Unit::kIndex: return std::to_string(step_);
    case Unit::kHour: return "H";
    case Unit::kDay: return "D";
    case Unit::kWeek: return "W";
    case Unit::kMonthStart: return "MS";
    case Unit::kMonthEnd: return "M";
    case Unit::kQuarterStart: return "QS";
    case Unit::kQuarterEnd: return "Q";
    case Unit::kYearStart: return "YS";
    case Unit::kYearEnd: return "Y";
  }
  return "?";
}

TimePoint Frequency::advance(TimePoint t, int64_t steps) const {
  switch (unit_) {
    case Unit::kIndex: return t + steps * step_;
    case Unit::kHour: return t + steps * 3600;
    case Unit::kDay: return t + steps * kDay;
    case Unit::kWeek: return t + steps * 7 * kDay;
    case Unit::kMonthStart: return add_months(t, steps, false);
    case Unit::kMonthEnd: return add_months(t, steps, true);
    case Unit::kQuarterStart: return add_months(t, 3 * steps, false);
    case Unit::kQuarterEnd: return add_months(t, 3 * steps, true);
    case Unit::kYearStart: return add_months(t, 12 * steps, false);
    case Unit::kYearEnd: return add_months(t, 12 * steps, true);
  }
  return t;
}

TimeFormat detect_time_format(const std::string& first) {
  TimeFormat f;
  f.dates = digits(first, 0, 4) && first.size() >= 10 && first[4] == '-';
  f.time_of_day = f.dates && first.size() > 10;
  return f;
}

bool parse_time(const std::string& s, const TimeFormat& format, TimePoint* out) {
  if (!format.dates) {
    const size_t sign = !s.empty() && s[0] == '-';
    if (s.size() <= sign || s.size() > 18 || !digits(s, sign, s.size() - sign)) return false;
    *out = std::stoll(s);
    return true;
  }
  if (s.size() < 10 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' || !digits(s, 8, 2))
    return false;
  const int64_t y = number(s, 0, 4), m = number(s, 5, 2), d = number(s, 8, 2);
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  int64_t seconds = 0;
  if (s.size() > 10) {
    // "YYYY-MM-DD HH:MM[:SS]" or with a "T".
    if ((s[10] != ' ' && s[10] != 'T') || !digits(s, 11, 2) || s[13] != ':' || !digits(s, 14, 2)) return false;
    const int64_t hh = number(s, 11, 2), mm = number(s, 14, 2);
    int64_t ss = 0;
    if (s.size() > 16) {
      if (s.size() != 19 || s[16] != ':' || !digits(s, 17, 2)) return false;
      ss = number(s, 17, 2);
    }
    if (hh > 23 || mm > 59 || ss > 59) return false;
    seconds = hh * 3600 + mm * 60 + ss;
  }
  *out = days_from_civil(y, m, d) * kDay + seconds;
  return true;
}

std::string format_time(TimePoint t, const TimeFormat& format) {
  if (!format.dates) return std::to_string(t);
  const int64_t days = floor_div(t, kDay), seconds = t - days * kDay;
  const Civil c = civil_from_days(days);
  std::string out = fmt::format("{:04d}-{:02d}-{:02d}", c.year, c.month, c.day);
  if (format.time_of_day)
    out += fmt::format(" {:02d}:{:02d}:{:02d}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return out;
}

bool infer_frequency(const std::vector<TimePoint>& points, const TimeFormat& format, Frequency* out) {
  if (points.size() < 2) return false;
  std::vector<Frequency> candidates;
  if (!format.dates) {
    candidates.emplace_back(Frequency::Unit::kIndex, points[1] - points[0]);
  } else {
    using U = Frequency::Unit;
    for (U unit : {U::kHour, U::kDay, U::kWeek, U::kMonthStart, U::kMonthEnd, U::kQuarterStart, U::kQuarterEnd,
                   U::kYearStart, U::kYearEnd})
      candidates.emplace_back(unit, 1);
  }
  // The first candidate that steps every pair.
  for (const Frequency& f : candidates) {
    if (f.is_index() && points[1] - points[0] <= 0) continue;
    bool all = true;
    for (size_t i = 1; i < points.size() && all; ++i) all = f.advance(points[i - 1], 1) == points[i];
    if (all) {
      *out = f;
      return true;
    }
  }
  return false;
}

}  // namespace gradaudit::data
