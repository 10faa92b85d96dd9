#include "trace/explain.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>

namespace gradaudit::trace {
namespace {

using Json = nlohmann::ordered_json;

// Canonical JSON text: object keys sorted, so {"a":1,"b":2} == {"b":2,"a":1}.
std::string canonical(const Json& v) { return nlohmann::json(v).dump(); }

Json value_of(const config::Configuration& c, const std::string& key) { return c.contains(key) ? c[key] : Json(); }

struct Term {
  enum Kind { kEquality, kThreshold, kInequality } kind;
  std::string key, text;
  std::function<bool(const Json&)> test;
  std::vector<bool> holds;  // per configuration
};

struct Candidate {
  std::vector<const Term*> terms;  // one or two
  bool conjunction = false;
  std::string text;
  std::set<std::string> keys;
  int tier = 0;  // see separating_conditions
  bool holds(const std::map<std::string, Json>& values) const {
    const bool a = terms[0]->test(values.at(terms[0]->key));
    if (terms.size() == 1) return a;
    const bool b = terms[1]->test(values.at(terms[1]->key));
    return conjunction ? a && b : a || b;
  }
};

bool numeric_less(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() < b.get<double>();
  return canonical(a) < canonical(b);
}

// Candidate terms on one key: equality per value (and per length, for
// lists), thresholds between numeric values, inequality.
std::vector<Term> terms_for(const std::vector<config::Configuration>& configs, const std::string& key) {
  std::vector<Json> values;
  std::set<std::string> seen;
  for (const auto& c : configs) {
    const Json v = value_of(c, key);
    if (seen.insert(canonical(v)).second) values.push_back(v);
  }
  std::vector<Term> terms;
  if (values.size() < 2) return terms;  // a constant key explains nothing
  std::sort(values.begin(), values.end(), numeric_less);
  auto add = [&](Term::Kind kind, const std::string& text, std::function<bool(const Json&)> test) {
    Term t{kind, key, text, std::move(test), {}};
    for (const auto& c : configs) t.holds.push_back(t.test(value_of(c, key)));
    terms.push_back(std::move(t));
  };
  // For lists, their length first: len(stat_exog_list) == 0 reads as the cause.
  std::set<size_t> lengths;
  for (const auto& v : values)
    if (v.is_array()) lengths.insert(v.size());
  if (lengths.size() >= 2 || (lengths.size() == 1 && lengths.size() < values.size())) {
    for (size_t n : lengths)
      add(Term::kEquality, "len(" + key + ") == " + std::to_string(n),
          [n](const Json& x) { return x.is_array() && x.size() == n; });
  }
  for (const auto& v : values) {
    const std::string text = canonical(v);
    add(Term::kEquality, key + " == " + config::value_text(v), [text](const Json& x) { return canonical(x) == text; });
  }
  const bool numeric = std::all_of(values.begin(), values.end(), [](const Json& v) { return v.is_number(); });
  if (numeric && values.size() > 2) {
    for (size_t i = 1; i + 1 < values.size(); ++i) {
      const double v = values[i].get<double>();
      const std::string text = config::value_text(values[i]);
      add(Term::kThreshold, key + " <= " + text, [v](const Json& x) { return x.is_number() && x.get<double>() <= v; });
      add(Term::kThreshold, key + " >= " + text, [v](const Json& x) { return x.is_number() && x.get<double>() >= v; });
    }
  }
  if (values.size() > 2) {
    for (const auto& v : values) {
      const std::string text = canonical(v);
      add(Term::kInequality, key + " != " + config::value_text(v), [text](const Json& x) { return canonical(x) != text; });
    }
  }
  return terms;
}

// Keys shown to matter: two configurations differ in that key alone (among
// `keys`) and only one of them fails.
std::set<std::string> keys_with_matched_pairs(const std::vector<config::Configuration>& configs,
                                              const std::vector<bool>& failing, const std::vector<std::string>& keys) {
  std::vector<std::vector<std::string>> texts;
  for (const auto& c : configs) {
    std::vector<std::string> row;
    for (const auto& k : keys) row.push_back(canonical(value_of(c, k)));
    texts.push_back(std::move(row));
  }
  std::set<std::string> out;
  for (size_t i = 0; i < configs.size(); ++i) {
    for (size_t j = i + 1; j < configs.size(); ++j) {
      if (failing[i] == failing[j]) continue;
      int differing = -1, count = 0;
      for (size_t k = 0; k < keys.size() && count < 2; ++k)
        if (texts[i][k] != texts[j][k]) differing = static_cast<int>(k), ++count;
      if (count == 1) out.insert(keys[differing]);
    }
  }
  return out;
}

// Every condition of one or two terms that separates the sample, in the
// order of preference (simplest, most cause-like first).
std::vector<Candidate> separating_conditions(const std::vector<Term>& terms, const std::vector<bool>& failing,
                                             const std::set<std::string>& evidence) {
  auto single = [&](const Term& t) { return Candidate{{&t}, false, t.text, {t.key}}; };
  // Tiers: 0 one equality; 1 one threshold or inequality on a key a matched
  // pair shows to matter; 2 two equalities; 3 any other single term; 4 any
  // other pair.
  std::vector<std::vector<Candidate>> tiers(5);
  for (const auto& t : terms) {
    if (t.holds != failing) continue;
    const int tier = t.kind == Term::kEquality ? 0 : evidence.count(t.key) ? 1 : 3;
    tiers[tier].push_back(single(t));
  }
  for (size_t i = 0; i < terms.size(); ++i) {
    for (size_t j = i + 1; j < terms.size(); ++j) {
      const Term& a = terms[i];
      const Term& b = terms[j];
      if (a.key == b.key) continue;  // two terms on one key: a range, rarely the real cause
      bool both = true, either = true;
      for (size_t c = 0; c < failing.size(); ++c) {
        both = both && (a.holds[c] && b.holds[c]) == failing[c];
        either = either && (a.holds[c] || b.holds[c]) == failing[c];
      }
      const int tier = a.kind == Term::kEquality && b.kind == Term::kEquality ? 2 : 4;
      if (both) tiers[tier].push_back({{&a, &b}, true, a.text + " and " + b.text, {a.key, b.key}});
      if (either) tiers[tier].push_back({{&a, &b}, false, a.text + " or " + b.text, {a.key, b.key}});
    }
  }
  std::vector<Candidate> out;
  for (size_t t = 0; t < tiers.size(); ++t) {
    auto& tier = tiers[t];
    for (auto& c : tier) c.tier = static_cast<int>(t);
    // Within a tier, conditions on keys shown to matter first.
    std::stable_sort(tier.begin(), tier.end(), [&](const Candidate& x, const Candidate& y) {
      auto shown = [&](const Candidate& c) {
        return std::all_of(c.keys.begin(), c.keys.end(), [&](const std::string& k) { return evidence.count(k) > 0; });
      };
      return shown(x) && !shown(y);
    });
    out.insert(out.end(), tier.begin(), tier.end());
  }
  return out;
}

std::string assignment_text(const std::map<std::string, Json>& values, const std::vector<std::string>& order) {
  std::string out;
  for (const auto& k : order) out += (out.empty() ? "" : ", ") + k + "=" + config::value_text(values.at(k));
  return out;
}

// A configuration, one or two values away from a sampled one (values the
// sample uses), on which the two conditions disagree.
std::string deciding_configuration(const Candidate& a, const Candidate& b,
                                   const std::vector<config::Configuration>& configs,
                                   const std::vector<std::string>& keys) {
  std::vector<std::string> involved;
  for (const auto& k : keys)
    if (a.keys.count(k) || b.keys.count(k)) involved.push_back(k);
  std::map<std::string, std::vector<Json>> values;
  for (const auto& k : involved) {
    std::set<std::string> seen;
    for (const auto& c : configs)
      if (seen.insert(canonical(value_of(c, k))).second) values[k].push_back(value_of(c, k));
  }
  std::set<std::string> sampled;
  for (const auto& c : configs) {
    std::map<std::string, Json> row;
    for (const auto& k : involved) row[k] = value_of(c, k);
    sampled.insert(assignment_text(row, involved));
  }
  auto decides = [&](const std::map<std::string, Json>& row) {
    return a.holds(row) != b.holds(row) && !sampled.count(assignment_text(row, involved));
  };
  for (int changes = 1; changes <= 2; ++changes) {
    for (const auto& c : configs) {
      std::map<std::string, Json> row;
      for (const auto& k : involved) row[k] = value_of(c, k);
      for (size_t i = 0; i < involved.size(); ++i) {
        for (const auto& vi : values[involved[i]]) {
          auto one = row;
          one[involved[i]] = vi;
          if (changes == 1) {
            if (decides(one)) return assignment_text(one, involved);
            continue;
          }
          for (size_t j = i + 1; j < involved.size(); ++j) {
            for (const auto& vj : values[involved[j]]) {
              auto two = one;
              two[involved[j]] = vj;
              if (decides(two)) return assignment_text(two, involved);
            }
          }
        }
      }
    }
  }
  return "";
}

}  // namespace

Explanation explain(const std::vector<config::Configuration>& configs, const std::vector<bool>& failing,
                    const std::vector<std::string>& keys) {
  std::vector<Term> terms;
  for (const auto& key : keys) {
    auto more = terms_for(configs, key);
    terms.insert(terms.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  const auto candidates = separating_conditions(terms, failing, keys_with_matched_pairs(configs, failing, keys));
  Explanation e;
  if (candidates.empty()) return e;
  const Candidate& chosen = candidates.front();
  e.condition = chosen.text;
  // Alternatives: the first condition per other set of keys (one on the same
  // keys is the same explanation phrased otherwise) that shares no term with
  // those already named (a refinement of one is not another explanation).
  std::set<std::set<std::string>> key_sets{chosen.keys};
  std::set<std::string> named_terms;
  for (const Term* t : chosen.terms) named_terms.insert(t->text);
  const Candidate* first_alternative = nullptr;
  for (const auto& c : candidates) {
    if (e.alternatives.size() == 3 || c.tier == 4) break;  // a pair with a threshold is no rival explanation
    if (key_sets.count(c.keys) ||
        std::any_of(c.terms.begin(), c.terms.end(), [&](const Term* t) { return named_terms.count(t->text) > 0; }))
      continue;
    key_sets.insert(c.keys);
    for (const Term* t : c.terms) named_terms.insert(t->text);
    e.alternatives.push_back(c.text);
    if (!first_alternative) first_alternative = &c;
  }
  if (first_alternative) e.deciding_configuration = deciding_configuration(chosen, *first_alternative, configs, keys);
  return e;
}

std::string explain_failures(const std::vector<config::Configuration>& configs, const std::vector<bool>& failing,
                             const std::vector<std::string>& keys) {
  return explain(configs, failing, keys).condition;
}

std::string explanation_text(const Explanation& e) {
  if (e.condition.empty()) return "";
  if (e.alternatives.empty()) return e.condition;
  std::string out = e.condition + " (also consistent with ";
  for (size_t i = 0; i < e.alternatives.size(); ++i) out += (i ? "; " : "") + e.alternatives[i];
  if (!e.deciding_configuration.empty())
    out += "; a configuration with " + e.deciding_configuration + " would tell the first two apart";
  else
    out += "; the sample cannot tell them apart";
  return out + ")";
}

}  // namespace gradaudit::trace
