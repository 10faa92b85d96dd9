// The GoogleTest helper users put in their own suites.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "testing/gradient_assertions.h"
#include "trace_modules.h"

namespace gradaudit::testing {
namespace {

TEST(GradientAssertions, PassesForACleanModule) {
  auto m = std::make_shared<AllUsed>();
  EXPECT_TRUE(AllParametersReceiveGradients(m, [m](uint64_t s) { return m->step(s); }));
}

TEST(GradientAssertions, FailsListingTheParameters) {
  auto m = std::make_shared<UnusedBranch>();
  const auto result = AllParametersReceiveGradients(m, [m](uint64_t s) { return m->step(s); });
  EXPECT_FALSE(result);
  const std::string message = result.message();
  EXPECT_NE(message.find("2 parameter finding(s)"), std::string::npos) << message;
  EXPECT_NE(message.find("extra.weight receives no gradient"), std::string::npos) << message;
  EXPECT_NE(message.find("extra.bias"), std::string::npos) << message;
  EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(AllParametersReceiveGradients(m, [m](uint64_t s) { return m->step(s); })),
                          "GA101/no-gradient");
}

TEST(GradientAssertions, WarningsDoNotFail) {
  auto m = std::make_shared<ZeroAndFrozen>();
  EXPECT_TRUE(AllParametersReceiveGradients(m, [m](uint64_t s) { return m->step(s); }));
}

}  // namespace
}  // namespace gradaudit::testing
