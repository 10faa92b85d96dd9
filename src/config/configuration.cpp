#include "config/configuration.h"

#include <algorithm>
#include <cmath>

#include "common/input_error.h"

namespace gradaudit::config {

namespace {

// JSON text that never throws: a string from a command-line flag may hold
// bytes that are not UTF-8 (files are checked when read), shown as U+FFFD.
std::string shown(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::string value_text(const nlohmann::ordered_json& value) {
  return value.is_string() ? value.get<std::string>() : shown(value);
}

std::string configuration_label(const Configuration& config) {
  std::string label;
  for (const auto& [key, value] : config.items()) label += (label.empty() ? "" : ",") + key + "=" + value_text(value);
  return label.empty() ? "default" : label;
}

Configuration structural_part(const Configuration& config, const std::vector<KeyInfo>& keys) {
  Configuration out = Configuration::object();
  for (const auto& item : config.items()) {
    const std::string& key = item.key();
    const auto it = std::find_if(keys.begin(), keys.end(), [&](const KeyInfo& k) { return k.name == key; });
    if (it == keys.end() || it->structural) out[key] = item.value();
  }
  return out;
}

}  // namespace gradaudit::config

namespace gradaudit::config {

std::string Reader::where(const std::string& key) const {
  if (!origins_) return "";
  const auto it = origins_->find(key);
  return it == origins_->end() ? "" : it->second;
}

void Reader::fail(const std::string& key, const std::string& message) const {
  const std::string at = where(key);
  throw InputError((at.empty() ? "" : at + ": ") + key + ": " + message);
}

int64_t Reader::integer(const std::string& key, int64_t fallback) const {
  if (!has(key)) return fallback;
  const auto& v = config_[key];
  // 64.0 from a JSON writer is still a whole number.
  if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() && std::abs(v.get<double>()) < 9e15)
    return static_cast<int64_t>(v.get<double>());
  if (!v.is_number_integer()) fail(key, "expected a whole number, got " + shown(v));
  return v.get<int64_t>();
}

double Reader::real(const std::string& key, double fallback) const {
  if (!has(key)) return fallback;
  const auto& v = config_[key];
  if (!v.is_number()) fail(key, "expected a number, got " + shown(v));
  return v.get<double>();
}

std::string Reader::text(const std::string& key, const std::string& fallback) const {
  if (!has(key)) return fallback;
  const auto& v = config_[key];
  if (!v.is_string()) fail(key, "expected a string, got " + shown(v));
  return v.get<std::string>();
}

bool Reader::boolean(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const auto& v = config_[key];
  if (!v.is_boolean()) fail(key, "expected true or false, got " + shown(v));
  return v.get<bool>();
}

std::vector<double> Reader::reals(const std::string& key, const std::vector<double>& fallback) const {
  if (!has(key)) return fallback;
  const auto& v = config_[key];
  if (v.is_number()) return {v.get<double>()};
  std::vector<double> out;
  if (v.is_array()) {
    for (const auto& item : v) {
      if (!item.is_number()) fail(key, "expected a number or a list of numbers, got " + shown(v));
      out.push_back(item.get<double>());
    }
    return out;
  }
  fail(key, "expected a number or a list of numbers, got " + shown(v));
}

std::vector<std::string> Reader::texts(const std::string& key, const std::vector<std::string>& fallback) const {
  if (!has(key)) return fallback;
  const auto& v = config_[key];
  std::vector<std::string> out;
  if (v.is_string()) {
    // "a,b" as a command line writes it; "" is the empty list.
    const std::string s = v.get<std::string>();
    size_t start = 0;
    while (start <= s.size() && !s.empty()) {
      const size_t comma = s.find(',', start);
      out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return out;
  }
  if (v.is_array()) {
    for (const auto& item : v) {
      if (!item.is_string()) fail(key, "expected a list of names, got " + shown(v));
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  fail(key, "expected a list of names, got " + shown(v));
}

}  // namespace gradaudit::config
