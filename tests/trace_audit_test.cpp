// The probe and the dynamic rules on purpose-built modules, one pathology
// each; grouping and forward errors on the TFT and its fixture variant.
#include <gtest/gtest.h>

#include <algorithm>

#include "rules/dynamic_rule.h"
#include "config/space.h"
#include "registered_models.h"
#include "tft/config.h"
#include "trace/audit.h"
#include "trace_modules.h"

namespace gradaudit::testing {
namespace {

using trace::AuditResult;

AuditResult audit_one(trace::SubjectFactory f, int batches = 3) {
  return trace::run_audit({target_of("m", std::move(f))}, {batches, 1});
}

std::vector<std::string> flagged(const AuditResult& r, const rules::DynamicRule& rule) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    if (f.rule == &rule) out.push_back(f.parameter);
  return out;
}

TEST(TraceAudit, CleanModuleHasNoFindings) {
  const auto r = audit_one(factory_of<AllUsed>());
  EXPECT_TRUE(r.findings.empty());
  EXPECT_TRUE(r.groups.empty());
}

TEST(TraceAudit, UnusedSubmoduleIsNoGradientUnusedInForward) {
  const auto r = audit_one(factory_of<UnusedBranch>());
  EXPECT_EQ(flagged(r, rules::kNoGradient), (std::vector<std::string>{"extra.weight", "extra.bias"}));
  for (const auto& f : r.findings) EXPECT_EQ(f.cause, &rules::kUnusedInForward);
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_EQ(r.groups[0].prefix, "extra.");
  EXPECT_EQ(r.groups[0].message, "2 parameters under 'extra.' get no gradient in the one configuration");
}

TEST(TraceAudit, OutputOutsideTheLossIsTold) {
  const auto r = audit_one(factory_of<UsedNotInLoss>());
  EXPECT_EQ(flagged(r, rules::kNoGradient), (std::vector<std::string>{"aux.weight", "aux.bias"}));
  for (const auto& f : r.findings) {
    EXPECT_EQ(f.cause, &rules::kUsedButNotInLoss);
    EXPECT_NE(f.recommendation.find("does not help"), std::string::npos);
  }
}

TEST(TraceAudit, DataDependentUsageNeedsSeveralBatches) {
  const auto r = audit_one(factory_of<DataDependent>(), 3);
  EXPECT_EQ(flagged(r, rules::kDataDependentUsage), (std::vector<std::string>{"expert.weight", "expert.bias"}));
  EXPECT_TRUE(flagged(r, rules::kNoGradient).empty());
  // With one batch there is nothing to compare.
  EXPECT_TRUE(flagged(audit_one(factory_of<DataDependent>(), 1), rules::kDataDependentUsage).empty());
}

TEST(TraceAudit, ZeroGradientIsAWarningAndFrozenParametersAreSkipped) {
  const auto r = audit_one(factory_of<ZeroAndFrozen>());
  EXPECT_EQ(flagged(r, rules::kZeroGradient), std::vector<std::string>{"gate"});
  for (const auto& f : r.findings) EXPECT_NE(f.parameter, "frozen");
  EXPECT_EQ(rules::kZeroGradient.severity, rules::Severity::kWarning);
}

TEST(TraceAudit, NonFiniteGradient) {
  EXPECT_EQ(flagged(audit_one(factory_of<NonFinite>()), rules::kNonFiniteGradient), std::vector<std::string>{"w"});
}

// The TFT registrations over a small space.
AuditResult audit_registered(const std::string& model, const std::string& space, const trace::AllowList& allow = {}) {
  const forecasters::ModelEntry& entry = registered_models().require(model, "test");
  return trace::run_audit(
      forecasters::audit_targets(entry, config::parse_space(space, "space", tft::config_keys(), model)), {2, 2},
      allow);
}

const char* kSmallSpace =
    "fixed: {h: 4, input_size: 8, hidden_size: 8, n_head: 2}\n"
    "grid: {stat_exog_size: [0, 2], hist_exog_size: [0, 1], learning_rate: [0.1, 0.01]}\n";

TEST(TraceAudit, FixtureVariantIsExplainedByTheStaticSchema) {
  const auto r = audit_registered("tft-unconditional-static", kSmallSpace);
  EXPECT_EQ(r.targets.size(), 8u);
  EXPECT_EQ(r.probes.size(), 4u) << "learning_rate must not multiply the probes";
  const auto it = std::find_if(r.groups.begin(), r.groups.end(), [](const auto& g) { return g.rule == &rules::kNoGradient; });
  ASSERT_NE(it, r.groups.end());
  EXPECT_EQ(it->prefix, "static_encoder.");
  EXPECT_EQ(it->targets.size(), 4u);
  EXPECT_EQ(it->condition, "stat_exog_size == 0");
  EXPECT_EQ(it->message.substr(it->message.find("get no gradient")),
            "get no gradient in 4 of 8 configurations: exactly those with stat_exog_size == 0");
  for (const auto& p : it->parameters) EXPECT_EQ(p.rfind("static_encoder.", 0), 0u) << p;
}

TEST(TraceAudit, RealTftGivesEveryParameterAGradient) {
  const auto r = audit_registered("tft", kSmallSpace);
  EXPECT_TRUE(flagged(r, rules::kNoGradient).empty());
  EXPECT_TRUE(flagged(r, rules::kDataDependentUsage).empty());
  EXPECT_TRUE(flagged(r, rules::kNonFiniteGradient).empty());
  EXPECT_TRUE(flagged(r, rules::kForwardError).empty());
}

TEST(TraceAudit, AllowListSuppresses) {
  const auto r = audit_registered("tft-unconditional-static", kSmallSpace, {{"no-gradient", "static_encoder.*"}, {"GA102", "*"}});
  EXPECT_TRUE(r.findings.empty());
  EXPECT_GT(r.suppressed, 0u);
}

TEST(TraceAudit, AConfigurationThatFailsIsAFindingAndTheRestGoesOn) {
  const auto r = audit_registered("tft", "fixed: {h: 4, input_size: 8, n_head: 4}\ngrid: {hidden_size: [8, 6]}\n");
  const auto failed = std::find_if(r.findings.begin(), r.findings.end(),
                                   [](const auto& f) { return f.rule == &rules::kForwardError; });
  ASSERT_NE(failed, r.findings.end());
  EXPECT_EQ(std::count_if(r.findings.begin(), r.findings.end(),
                          [](const auto& f) { return f.rule == &rules::kForwardError; }),
            1);
  EXPECT_EQ(r.targets[failed->target].config["hidden_size"], 6);
  EXPECT_NE(r.probes[r.probe_of[failed->target]].error.find("hidden_size: expected a multiple of n_head"),
            std::string::npos);
  const auto g = std::find_if(r.groups.begin(), r.groups.end(), [](const auto& x) { return x.rule == &rules::kForwardError; });
  ASSERT_NE(g, r.groups.end());
  EXPECT_EQ(g->condition, "hidden_size == 6");
  EXPECT_NE(g->message.find("the model fails to build or run in 1 of 2 configurations: exactly those with "
                            "hidden_size == 6: building the model: hidden_size: expected a multiple of n_head"),
            std::string::npos)
      << g->message;
  EXPECT_TRUE(r.probes[r.probe_of[0]].ok);
}

}  // namespace
}  // namespace gradaudit::testing
