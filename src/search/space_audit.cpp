#include "search/space_audit.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "tft/config.h"

namespace gradaudit::search {
namespace {

using Json = nlohmann::ordered_json;

bool is_exog_list(const std::string& key) {
  return key == "stat_exog_list" || key == "hist_exog_list" || key == "futr_exog_list";
}

bool is_structural(const std::string& key) {
  if (is_exog_list(key)) return true;  // they decide the schema's counts
  for (const auto& k : tft::config_keys())
    if (k.name == key) return k.structural;
  return false;
}

// The values of a dimension the audit must build.
std::vector<Json> representatives(const config::Distribution& d) {
  using Kind = config::Distribution::Kind;
  switch (d.kind) {
    case Kind::kFixed:
    case Kind::kChoice: return d.values;
    case Kind::kRandInt:
      return {static_cast<long long>(d.low), static_cast<long long>(d.high) - 1};
    case Kind::kQUniform: {
      auto at = [&](double x) -> Json {
        const double v = std::clamp(std::round(x / d.q) * d.q, d.low, d.high);
        return d.integral ? Json(static_cast<long long>(std::llround(v))) : Json(v);
      };
      return {at(d.low), at(d.high)};
    }
    default: return {d.low, d.high};
  }
}

std::vector<std::string> texts(const Json& list) {
  std::vector<std::string> out;
  if (list.is_array())
    for (const auto& v : list) out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

}  // namespace

data::ColumnRoles roles_of(const config::Configuration& config, const data::ColumnRoles& data_roles) {
  data::ColumnRoles roles = data_roles;
  if (config.contains("stat_exog_list")) roles.stat = texts(config["stat_exog_list"]);
  if (config.contains("hist_exog_list")) roles.hist = texts(config["hist_exog_list"]);
  if (config.contains("futr_exog_list")) roles.futr = texts(config["futr_exog_list"]);
  return roles;
}

std::vector<config::Configuration> structural_configurations(const SearchSpace& space,
                                                             const data::ColumnRoles& data_roles, size_t limit,
                                                             uint64_t seed) {
  std::vector<config::Configuration> configs = {space.fixed};
  for (const auto& d : space.dimensions) {
    // A training-only key takes one value: it does not change what is built.
    const std::vector<Json> values =
        is_structural(d.key) ? representatives(d.distribution) : std::vector<Json>{representatives(d.distribution)[0]};
    std::vector<config::Configuration> next;
    for (const auto& c : configs)
      for (const auto& v : values) {
        config::Configuration with = c;
        with[d.key] = v;
        next.push_back(std::move(with));
      }
    configs = std::move(next);
  }
  if (configs.size() > limit) {
    std::mt19937_64 rng(seed);
    std::shuffle(configs.begin(), configs.end(), rng);
    configs.resize(limit);
  }
  for (auto& c : configs) {
    const data::ColumnRoles roles = roles_of(c, data_roles);
    c["stat_exog_size"] = roles.stat.size();
    c["hist_exog_size"] = roles.hist.size();
    c["futr_exog_size"] = roles.futr.size();
  }
  return configs;
}

}  // namespace gradaudit::search
