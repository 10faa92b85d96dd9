#include "trace/explain.h"

#include <algorithm>
#include <functional>
#include <set>

namespace gradaudit::trace {
namespace {

using Json = nlohmann::ordered_json;

struct Term {
  std::string text;
  std::vector<bool> holds;  // per configuration
};

bool less(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() < b.get<double>();
  return a.dump() < b.dump();
}

// Candidate terms, simplest first: equality, then thresholds, then inequality.
std::vector<Term> terms_for(const std::vector<config::Configuration>& configs, const std::string& key) {
  std::vector<Json> values;
  for (const auto& c : configs) {
    const Json v = c.contains(key) ? c[key] : Json();
    if (std::none_of(values.begin(), values.end(), [&](const Json& x) { return x == v; })) values.push_back(v);
  }
  std::vector<Term> terms;
  if (values.size() < 2) return terms;  // a constant key explains nothing
  std::sort(values.begin(), values.end(), less);
  auto make = [&](const std::string& text, const std::function<bool(const Json&)>& pred) {
    Term t{text, {}};
    for (const auto& c : configs) t.holds.push_back(pred(c.contains(key) ? c[key] : Json()));
    terms.push_back(std::move(t));
  };
  for (const auto& v : values) make(key + " == " + config::value_text(v), [v](const Json& x) { return x == v; });
  const bool numeric = std::all_of(values.begin(), values.end(), [](const Json& v) { return v.is_number(); });
  if (numeric && values.size() > 2) {
    for (size_t i = 1; i + 1 < values.size(); ++i) {
      const Json v = values[i];
      make(key + " <= " + config::value_text(v), [v](const Json& x) { return x.get<double>() <= v.get<double>(); });
      make(key + " >= " + config::value_text(v), [v](const Json& x) { return x.get<double>() >= v.get<double>(); });
    }
  }
  if (values.size() > 2)
    for (const auto& v : values) make(key + " != " + config::value_text(v), [v](const Json& x) { return x != v; });
  return terms;
}

}  // namespace

std::string explain_failures(const std::vector<config::Configuration>& configs, const std::vector<bool>& failing,
                             const std::vector<std::string>& keys) {
  std::vector<Term> terms;
  for (const auto& key : keys) {
    auto more = terms_for(configs, key);
    terms.insert(terms.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  for (const auto& t : terms)
    if (t.holds == failing) return t.text;
  for (size_t i = 0; i < terms.size(); ++i) {
    for (size_t j = i + 1; j < terms.size(); ++j) {
      if (terms[i].text.substr(0, terms[i].text.find(' ')) == terms[j].text.substr(0, terms[j].text.find(' ')))
        continue;  // two terms on one key: a range, rarely the real cause
      bool both = true, either = true;
      for (size_t c = 0; c < configs.size(); ++c) {
        both = both && (terms[i].holds[c] && terms[j].holds[c]) == failing[c];
        either = either && (terms[i].holds[c] || terms[j].holds[c]) == failing[c];
      }
      if (both) return terms[i].text + " and " + terms[j].text;
      if (either) return terms[i].text + " or " + terms[j].text;
    }
  }
  return "";
}

}  // namespace gradaudit::trace
