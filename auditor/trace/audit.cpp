#include "trace/audit.h"

#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <dlfcn.h>
#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "common/log.h"
#include "trace/confirm_ddp.h"
#include "trace/explain.h"

namespace gradaudit::trace {
namespace {

bool allowed(const AllowList& allow, const rules::RuleInfo& rule, const std::string& parameter) {
  for (const auto& [which, glob] : allow) {
    const bool rule_matches = which == "*" || which == rule.id || which == rule.name;
    if (rule_matches && fnmatch(glob.c_str(), parameter.c_str(), 0) == 0) return true;
  }
  return false;
}

// OpenBLAS keeps its own thread pool, which at::set_num_threads does not
// reach; with builds probed in parallel it oversubscribes the cores (3x slower
// on 2 cores). Found at run time: LibTorch may use another BLAS.
class BlasThreads {
 public:
  explicit BlasThreads(int threads) {
    set_ = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    auto get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    if (!set_ || !get) return;
    previous_ = get();
    set_(threads);
  }
  ~BlasThreads() {
    if (set_ && previous_ > 0) set_(previous_);
  }
  BlasThreads(const BlasThreads&) = delete;
  BlasThreads& operator=(const BlasThreads&) = delete;

 private:
  void (*set_)(int) = nullptr;
  int previous_ = 0;
};

// Probes every distinct build, `jobs` at a time.
void probe_builds(AuditResult& result, const std::vector<size_t>& first_target, const AuditOptions& options) {
  const size_t n = first_target.size();
  result.builds.resize(n);
  int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = static_cast<int>(std::min<size_t>(jobs, n));
  const int intra_op = at::get_num_threads();
  std::optional<BlasThreads> blas;
  if (jobs > 1) {
    at::set_num_threads(1);  // parallel over builds, not inside them
    blas.emplace(1);
  }
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t b = next++; b < n; b = next++) {
      const AuditTarget& t = result.targets[first_target[b]];
      result.builds[b] = probe(t.build, t.build_config, options.batches);
      log().debug("build {}/{} ({}): {:.1f} ms{}", b + 1, n, configuration_label(t.build_config),
                  1000 * result.builds[b].seconds, result.builds[b].ok ? "" : ": " + result.builds[b].error);
    }
  };
  std::vector<std::thread> pool;
  for (int j = 1; j < jobs; ++j) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (jobs > 1) at::set_num_threads(intra_op);
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
  const bool one = g.parameters.size() <= 1;
  std::string verb = g.rule->symptom;
  if (one && verb.rfind("get ", 0) == 0) verb = "gets " + verb.substr(4);
  if (one && verb.rfind("fail ", 0) == 0) verb = "fails " + verb.substr(5);
  std::string when;
  if (g.targets.size() == total) {
    when = total == 1 ? "in the one configuration" : fmt::format("in every configuration ({})", total);
  } else {
    when = fmt::format("in {} of {} configurations", g.targets.size(), total);
    if (!g.condition.empty()) when += ": exactly those with " + g.condition;
  }
  return who + " " + verb + " " + when;
}

void group_findings(AuditResult& result, const AuditOptions& options) {
  const size_t total = result.targets.size();
  std::vector<std::string> keys = options.explain_keys;
  if (keys.empty()) {
    for (const auto& t : result.targets)
      for (const auto& [k, v] : t.config.items())
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  }
  std::vector<Configuration> configs;
  for (const auto& t : result.targets) configs.push_back(t.config);

  // (rule, cause, failing targets) -> parameters, in first-seen order.
  using Key = std::tuple<std::string, int, std::vector<size_t>>;
  std::map<std::string, std::vector<size_t>> targets_of;  // "rule|cause|param" -> targets
  std::vector<std::string> order;
  std::map<std::string, const ParameterFinding*> sample;
  for (const auto& f : result.findings) {
    const std::string k = std::string(f.rule->id) + "|" + std::to_string(int(f.cause)) + "|" + f.parameter;
    if (!targets_of.count(k)) order.push_back(k), sample[k] = &f;
    targets_of[k].push_back(f.target);
  }
  std::map<Key, std::vector<std::string>> params_of;
  std::map<Key, const ParameterFinding*> representative;
  std::vector<Key> group_order;
  for (const auto& k : order) {
    const ParameterFinding* f = sample[k];
    Key key{f->rule->id, int(f->cause), targets_of[k]};
    if (!params_of.count(key)) group_order.push_back(key), representative[key] = f;
    params_of[key].push_back(f->parameter);
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
    std::vector<bool> failing(total, false);
    for (size_t t : std::get<2>(key)) failing[t] = true;
    const std::string condition = explain_failures(configs, failing, keys);
    for (const auto& top : tops) {
      FindingGroup g;
      g.rule = f->rule;
      g.cause = f->cause;
      g.parameters = by_top[top];
      g.prefix = common_module_prefix(g.parameters);
      g.targets = std::get<2>(key);
      g.condition = condition;
      g.recommendation = f->recommendation;
      g.message = describe_group(g, total);
      result.groups.push_back(std::move(g));
    }
  }

  // Configurations that could not be built or run, grouped by error.
  std::map<std::string, std::vector<size_t>> by_error;
  std::vector<std::string> errors;
  for (size_t t : result.failed_targets) {
    const std::string& e = result.builds[result.build_of[t]].error;
    if (!by_error.count(e)) errors.push_back(e);
    by_error[e].push_back(t);
  }
  for (const auto& e : errors) {
    FindingGroup g;
    g.rule = &rules::kForwardError;
    g.cause = rules::Cause::kNone;
    g.targets = by_error[e];
    std::vector<bool> failing(total, false);
    for (size_t t : g.targets) failing[t] = true;
    g.condition = explain_failures(configs, failing, keys);
    g.recommendation = rules::kForwardError.fix;
    g.message = describe_group(g, total) + ": " + e;
    result.groups.push_back(std::move(g));
  }
}

void confirm_with_ddp(AuditResult& result, const std::vector<size_t>& first_target, const AuditOptions& options) {
  std::map<std::vector<std::string>, size_t> check_of_pattern;
  std::vector<int> check_of_build(result.builds.size(), -1);
  for (size_t b = 0; b < result.builds.size(); ++b) {
    if (!result.builds[b].ok) continue;
    const auto pattern = predict_unused(result.builds[b], options.ddp_world_size);
    auto it = check_of_pattern.find(pattern);
    if (it == check_of_pattern.end()) {
      const AuditTarget& t = result.targets[first_target[b]];
      result.ddp_checks.push_back(run_ddp_check(t.build, t.build_config, result.builds[b], b, options.ddp_world_size));
      it = check_of_pattern.emplace(pattern, result.ddp_checks.size() - 1).first;
    }
    check_of_build[b] = static_cast<int>(it->second);
  }
  for (auto& g : result.groups) {
    if (g.rule != &rules::kNoGradient && g.rule != &rules::kDataDependentUsage) continue;
    g.ddp_check = check_of_build[result.build_of[g.targets.front()]];
  }
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

AuditResult run_audit(std::vector<AuditTarget> targets, const AuditOptions& options, const AllowList& allow) {
  const auto start = std::chrono::steady_clock::now();
  AuditResult result;
  result.targets = std::move(targets);

  // One build per distinct build key.
  std::map<std::string, size_t> build_of_key;
  std::vector<size_t> first_target;
  for (size_t t = 0; t < result.targets.size(); ++t) {
    auto [it, inserted] = build_of_key.emplace(result.targets[t].build_key, first_target.size());
    if (inserted) first_target.push_back(t);
    result.build_of.push_back(it->second);
  }
  probe_builds(result, first_target, options);

  std::vector<std::vector<rules::DynamicFinding>> per_build(result.builds.size());
  for (size_t b = 0; b < result.builds.size(); ++b)
    for (const auto& obs : result.builds[b].parameters)
      for (auto& f : rules::check_dynamic(obs)) per_build[b].push_back(std::move(f));

  for (size_t t = 0; t < result.targets.size(); ++t) {
    const size_t b = result.build_of[t];
    if (!result.builds[b].ok) {
      result.failed_targets.push_back(t);
      continue;
    }
    for (const auto& f : per_build[b]) {
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
