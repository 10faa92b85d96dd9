// --confirm-ddp: the probe's prediction and a real 2-rank DDP run
// (find_unused_parameters=false, two iterations, threads over Gloo) agree in
// both directions: predicted failures fail naming the predicted parameters,
// predicted clean runs run clean.
#include <gtest/gtest.h>

#include "config/space.h"
#include "registered_models.h"
#include "tft/config.h"
#include "trace/audit.h"
#include "trace_modules.h"

namespace gradaudit::testing {
namespace {

trace::AuditOptions with_ddp() {
  trace::AuditOptions o;
  o.batches = 2;
  o.jobs = 1;
  o.confirm_ddp = true;
  return o;
}

void expect_agreement(const trace::AuditResult& r, size_t expected_failures, size_t expected_clean) {
  size_t failures = 0, clean = 0;
  for (const auto& c : r.ddp_checks) {
    EXPECT_TRUE(c.agrees) << "predicted " << c.predicted_unused.size() << " unused, DDP "
                          << (c.failed ? "failed: " + c.error : "ran clean");
    (c.predicted_unused.empty() ? clean : failures) += 1;
    EXPECT_EQ(c.failed, !c.predicted_unused.empty());
  }
  EXPECT_EQ(failures, expected_failures);
  EXPECT_EQ(clean, expected_clean);
}

TEST(TraceDdpAgreement, PurposeBuiltModules) {
  expect_agreement(trace::run_audit({target_of("clean", factory_of<AllUsed>())}, with_ddp()), 0, 1);
  expect_agreement(trace::run_audit({target_of("unused", factory_of<UnusedBranch>())}, with_ddp()), 1, 0);
  expect_agreement(trace::run_audit({target_of("not-in-loss", factory_of<UsedNotInLoss>())}, with_ddp()), 1, 0);
  // Zero gradients are defined gradients: DDP is fine, as predicted.
  expect_agreement(trace::run_audit({target_of("zero", factory_of<ZeroAndFrozen>())}, with_ddp()), 0, 1);
}

TEST(TraceDdpAgreement, DataDependentUsageMatchesTheBatchesTheRanksSee) {
  const auto r = trace::run_audit({target_of("moe", factory_of<DataDependent>())}, with_ddp());
  ASSERT_EQ(r.ddp_checks.size(), 1u);
  EXPECT_TRUE(r.ddp_checks[0].agrees) << r.ddp_checks[0].error;
  EXPECT_TRUE(r.ddp_checks[0].failed) << "ranks 0 and 1 see batches that disagree on the expert";
}

std::vector<trace::AuditTarget> tft_targets(const std::string& model) {
  return forecasters::audit_targets(registered_models().require(model, "test"),
                                    config::parse_space("fixed: {h: 4, input_size: 8, hidden_size: 8, n_head: 2}\n"
                                                        "grid: {stat_exog_size: [0, 1], futr_exog_size: [0, 1]}\n",
                                                        "space", tft::config_keys(), model));
}

TEST(TraceDdpAgreement, TftAndItsFixtureVariant) {
  // The real TFT: one clean pattern for all four schemas.
  expect_agreement(trace::run_audit(tft_targets("tft"), with_ddp()), 0, 1);
  // The fixture: the static encoder without static inputs fails; with them, clean.
  const auto r = trace::run_audit(tft_targets("tft-unconditional-static"), with_ddp());
  expect_agreement(r, 1, 1);
  for (const auto& c : r.ddp_checks) {
    if (!c.failed) continue;
    EXPECT_GT(c.reported_unused.size(), 40u);
    for (const auto& name : c.reported_unused) EXPECT_EQ(name.rfind("static_encoder.", 0), 0u) << name;
  }
}

}  // namespace
}  // namespace gradaudit::testing
