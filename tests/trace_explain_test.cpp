// Explanations: the simplest condition on the keys that holds on exactly the
// failing configurations.
#include <gtest/gtest.h>

#include "trace/audit.h"
#include "trace/explain.h"

namespace gradaudit::trace {
namespace {

std::vector<config::Configuration> schemas() {
  std::vector<config::Configuration> out;
  for (int stat : {0, 2})
    for (int futr : {0, 1})
      for (int hidden : {64, 128, 256}) out.push_back({{"stat_exog_size", stat}, {"futr_exog_size", futr}, {"hidden_size", hidden}});
  return out;
}

std::vector<bool> where(const std::vector<config::Configuration>& configs, const std::function<bool(const config::Configuration&)>& p) {
  std::vector<bool> out;
  for (const auto& c : configs) out.push_back(p(c));
  return out;
}

const std::vector<std::string> kKeys = {"stat_exog_size", "futr_exog_size", "hidden_size"};

TEST(Explain, OneKeyEquality) {
  const auto c = schemas();
  EXPECT_EQ(explain_failures(c, where(c, [](auto& x) { return x["stat_exog_size"] == 0; }), kKeys), "stat_exog_size == 0");
}

TEST(Explain, NumericThreshold) {
  const auto c = schemas();
  EXPECT_EQ(explain_failures(c, where(c, [](auto& x) { return x["hidden_size"] >= 128; }), kKeys), "hidden_size >= 128");
}

TEST(Explain, ConjunctionAndDisjunction) {
  const auto c = schemas();
  EXPECT_EQ(explain_failures(c, where(c, [](auto& x) { return x["stat_exog_size"] == 0 && x["futr_exog_size"] == 1; }), kKeys),
            "stat_exog_size == 0 and futr_exog_size == 1");
  EXPECT_EQ(explain_failures(c, where(c, [](auto& x) { return x["stat_exog_size"] == 0 || x["futr_exog_size"] == 0; }), kKeys),
            "stat_exog_size == 0 or futr_exog_size == 0");
}

TEST(Explain, NothingSimpleSeparatesThem) {
  const auto c = schemas();
  std::vector<bool> odd(c.size());
  for (size_t i = 0; i < c.size(); ++i) odd[i] = i % 2;
  EXPECT_EQ(explain_failures(c, odd, kKeys), "");
}

TEST(Explain, CommonModulePrefix) {
  EXPECT_EQ(common_module_prefix({"static_encoder.vsn.a.weight", "static_encoder.context_grns.0.bias"}), "static_encoder.");
  EXPECT_EQ(common_module_prefix({"a.b.c", "a.b.d"}), "a.b.");
  EXPECT_EQ(common_module_prefix({"a.weight", "b.weight"}), "");
  EXPECT_EQ(common_module_prefix({"ab.weight", "a.weight"}), "");
}

}  // namespace
}  // namespace gradaudit::trace
