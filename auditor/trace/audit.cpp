#include "trace/audit.h"

#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "common/blas_threads.h"
#include "common/log.h"
#include "trace/confirm_ddp.h"
#include "trace/explain.h"

namespace gradaudit::trace {
namespace {

bool allowed(const AllowList& allow, const rules::Rule& rule, const std::string& parameter) {
  for (const auto& [which, glob] : allow) {
    const bool rule_matches = which == "*" || which == rule.id || which == rule.name;
    if (rule_matches && fnmatch(glob.c_str(), parameter.c_str(), 0) == 0) return true;
  }
  return false;
}

// Runs every distinct probe, `jobs` at a time.
void run_probes(AuditResult& result, const std::vector<size_t>& first_target, const AuditOptions& options) {
  const size_t n = first_target.size();
  result.probes.resize(n);
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = static_cast<int>(std::min<size_t>(jobs, n));
  const int intra_op = at::get_num_threads();
  std::optional<ScopedBlasThreads> blas;
  if (jobs > 1) {
    at::set_num_threads(1);  // parallel over builds, not inside them
    blas.emplace(1);
  }
  std::atomic<size_t> next{0};
  // The first input error (a manifest entry that cannot be loaded) stops the
  // workers and is rethrown once they have all finished.
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto worker = [&] {
    for (size_t p = next++; p < n; p = next++) {
      const AuditTarget& t = result.targets[first_target[p]];
      try {
        result.probes[p] = probe(t.make_subject, t.model_config, options.batches, t.seeded_build);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = n;
        return;
      }
      log().debug("probe {}/{} ({}): {:.1f} ms{}", p + 1, n, t.label, 1000 * result.probes[p].seconds,
                  result.probes[p].ok ? "" : ": " + result.probes[p].error);
    }
  };
  std::vector<std::thread> pool;
  for (int j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (jobs > 1) at::set_num_threads(intra_op);
  if (failure) std::rethrow_exception(failure);
}

std::string describe_group(const FindingGroup& g, size_t total) {
  std::string who;
  if (g.parameters.empty()) {
    who = "the model";
  } else if (g.parameters.size() == 1) {
    who = "parameter '" + g.parameters.front() + "'";
  } else if (!g.prefix.empty()) {
    who = fmt::format("{} parameters under '{}'", g.parameters.size(), g.prefix);
  } else {
    who = fmt::format("{} parameters", g.parameters.size());
  }
  const std::string verb = g.rule->symptom(std::max<size_t>(g.parameters.size(), 1));
  std::string when;
  if (g.targets.size() == total) {
    when = total == 1 ? "in the one configuration" : fmt::format("in every configuration ({})", total);
  } else {
    when = fmt::format("in {} of {} configurations", g.targets.size(), total);
    if (!g.condition.empty())
      when += ": exactly those with " +
              explanation_text({g.condition, g.also_consistent_with, g.deciding_configuration});
  }
  std::string message = who + " " + verb + " " + when;
  // A finding about the model itself carries what went wrong.
  if (g.parameters.empty() && !g.detail.empty()) message += ": " + g.detail;
  return message;
}

void group_findings(AuditResult& result, const AuditOptions& options) {
  const size_t total = result.targets.size();
  std::vector<std::string> keys = options.explain_keys;
  if (keys.empty()) {
    for (const auto& t : result.targets)
      for (const auto& [k, v] : t.config.items())
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  }
  std::vector<config::Configuration> configs;
  for (const auto& t : result.targets) configs.push_back(t.config);

  // Findings of one rule and cause that fail in the same configurations form
  // a group (parameter-less findings also need the same message); keys and
  // groups keep first-seen order.
  auto cause_id = [](const rules::Cause* c) { return c ? c->id : ""; };
  using Key = std::tuple<std::string, std::string, std::string, std::vector<size_t>>;
  std::map<std::string, std::vector<size_t>> targets_of;  // "rule|cause|parameter|detail" -> targets
  std::vector<std::string> order;
  std::map<std::string, const ParameterFinding*> sample;
  for (const auto& f : result.findings) {
    const std::string detail = f.parameter.empty() ? f.message : "";
    const std::string k = std::string(f.rule->id) + "|" + cause_id(f.cause) + "|" + f.parameter + "|" + detail;
    if (!targets_of.count(k)) order.push_back(k), sample[k] = &f;
    targets_of[k].push_back(f.target);
  }
  std::map<Key, std::vector<std::string>> params_of;
  std::map<Key, const ParameterFinding*> representative;
  std::vector<Key> group_order;
  for (const auto& k : order) {
    const ParameterFinding* f = sample[k];
    Key key{f->rule->id, cause_id(f->cause), f->parameter.empty() ? f->message : "", targets_of[k]};
    if (!params_of.count(key)) group_order.push_back(key), representative[key] = f;
    if (!f->parameter.empty()) params_of[key].push_back(f->parameter);
  }
  for (const auto& key : group_order) {
    const auto& params = params_of[key];
    const ParameterFinding* f = representative[key];
    // Parameters without a shared prefix are split by their top-level module.
    std::map<std::string, std::vector<std::string>> by_top;
    std::vector<std::string> tops;
    if (common_module_prefix(params).empty() && params.size() > 1) {
      for (const auto& p : params) {
        const std::string top = p.substr(0, p.find('.'));
        if (!by_top.count(top)) tops.push_back(top);
        by_top[top].push_back(p);
      }
    } else {
      tops.push_back("");
      by_top[""] = params;
    }
    const auto& failing_targets = std::get<3>(key);
    std::vector<bool> failing(total, false);
    for (size_t t : failing_targets) failing[t] = true;
    const Explanation explanation = explain(configs, failing, keys);
    for (const auto& top : tops) {
      FindingGroup g;
      g.rule = f->rule;
      g.cause = f->cause;
      g.parameters = by_top[top];
      g.prefix = common_module_prefix(g.parameters);
      g.targets = failing_targets;
      g.condition = explanation.condition;
      g.also_consistent_with = explanation.alternatives;
      g.deciding_configuration = explanation.deciding_configuration;
      g.recommendation = f->recommendation;
      g.detail = std::get<2>(key);
      g.message = describe_group(g, total);
      result.groups.push_back(std::move(g));
    }
  }
}

void confirm_with_ddp(AuditResult& result, const std::vector<size_t>& first_target, const AuditOptions& options) {
  std::map<std::vector<std::string>, size_t> check_of_pattern;
  std::vector<int> check_of_probe(result.probes.size(), -1);
  for (size_t p = 0; p < result.probes.size(); ++p) {
    if (!result.probes[p].ok) continue;
    const auto pattern = predict_unused(result.probes[p], options.ddp_world_size);
    auto it = check_of_pattern.find(pattern);
    if (it == check_of_pattern.end()) {
      const AuditTarget& t = result.targets[first_target[p]];
      result.ddp_checks.push_back(run_ddp_check(t, result.probes[p], p, options.ddp_world_size));
      it = check_of_pattern.emplace(pattern, result.ddp_checks.size() - 1).first;
    }
    check_of_probe[p] = static_cast<int>(it->second);
  }
  for (auto& g : result.groups)
    if (g.rule->confirmed_by_ddp()) g.ddp_check = check_of_probe[result.probe_of[g.targets.front()]];
}

}  // namespace

std::string common_module_prefix(const std::vector<std::string>& names) {
  if (names.empty()) return "";
  std::string prefix = names.front().substr(0, names.front().rfind('.') + 1);
  for (const auto& name : names) {
    while (!prefix.empty() && name.compare(0, prefix.size(), prefix) != 0) {
      prefix.pop_back();
      prefix = prefix.substr(0, prefix.rfind('.') + 1);
    }
  }
  return prefix;
}

std::vector<AuditTarget> targets_for(const std::vector<config::Configuration>& configs,
                                     const std::vector<config::KeyInfo>& keys, SubjectFactory make_subject) {
  std::vector<AuditTarget> targets;
  for (const auto& config : configs) {
    config::Configuration structural = config::structural_part(config, keys);
    std::string key = structural.dump();
    targets.push_back({config::configuration_label(config), config, make_subject, std::move(structural), std::move(key)});
  }
  return targets;
}

AuditResult run_audit(std::vector<AuditTarget> targets, const AuditOptions& options, const AllowList& allow) {
  const auto start = std::chrono::steady_clock::now();
  AuditResult result;
  result.targets = std::move(targets);

  // One probe per distinct probe key.
  std::map<std::string, size_t> probe_of_key;
  std::vector<size_t> first_target;
  for (size_t t = 0; t < result.targets.size(); ++t) {
    auto [it, inserted] = probe_of_key.emplace(result.targets[t].probe_key, first_target.size());
    if (inserted) first_target.push_back(t);
    result.probe_of.push_back(it->second);
  }
  run_probes(result, first_target, options);

  std::vector<std::vector<rules::DynamicFinding>> per_probe(result.probes.size());
  for (size_t p = 0; p < result.probes.size(); ++p) per_probe[p] = rules::check_dynamic(result.probes[p]);

  for (size_t t = 0; t < result.targets.size(); ++t) {
    for (const auto& f : per_probe[result.probe_of[t]]) {
      if (allowed(allow, *f.rule, f.parameter)) {
        ++result.suppressed;
        continue;
      }
      result.findings.push_back({f.rule, f.parameter, f.cause, f.message, f.recommendation, t});
    }
  }
  group_findings(result, options);
  if (options.confirm_ddp) confirm_with_ddp(result, first_target, options);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace gradaudit::trace
