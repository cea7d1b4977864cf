// `kubeflight run` through the binary: exit codes and the gate with no
// terminal (RunKubeflight's stdin is /dev/null).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/core/json.h"
#include "tests/testing/test_util.h"

namespace {

using kf::testing::RunKubeflight;

bool HaveFlagship() {
  return std::ifstream(kf::testing::SourceDir() + "/scenarios/payment-service-oom.yaml").good();
}

TEST(RunCommand, NoTerminalStopsAtTheGate) {
  if (!HaveFlagship()) GTEST_SKIP();
  std::string out;
  int rc = RunKubeflight("run payment-service-oom", &out, /*merge_stderr=*/true);
  EXPECT_EQ(rc, 4) << out;
  EXPECT_NE(out.find("Approval Request:"), std::string::npos) << out;
  EXPECT_NE(out.find("Decision: deferred (no-terminal): no terminal to ask for approval: pass "
                     "--approve=1|2|…|deny to decide without asking"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("kubeflight run: stopped at the approval gate"), std::string::npos) << out;
  EXPECT_EQ(out.find("Tool: kubernetes.patch_resource"), std::string::npos) << out;
}

TEST(RunCommand, ExitCodes) {
  if (!HaveFlagship()) GTEST_SKIP();
  std::string out;
  EXPECT_EQ(RunKubeflight("run payment-service-oom --approve=1", &out), 0) << out;
  EXPECT_NE(out.find("Verification: PASSED"), std::string::npos) << out;
  EXPECT_EQ(RunKubeflight("run payment-service-oom --approve=deny", &out), 5) << out;
  EXPECT_EQ(RunKubeflight("run payment-service-oom --approve=x", &out, true), 2) << out;
  EXPECT_NE(out.find("invalid --approve value \"x\""), std::string::npos) << out;
  EXPECT_EQ(RunKubeflight("run no-such-scenario --approve=1", &out), 1);
}

TEST(RunCommand, JsonLines) {
  if (!HaveFlagship()) GTEST_SKIP();
  std::string out;
  ASSERT_EQ(RunKubeflight("run payment-service-oom --approve=1 --json", &out), 0);
  std::istringstream in(out);
  std::string line, last_type;
  int seq = 0;
  while (std::getline(in, line)) {
    kf::Result<kf::Json> j = kf::ParseJson(line);
    ASSERT_TRUE(j.ok()) << line;
    EXPECT_EQ((*j)["seq"], ++seq);
    last_type = (*j)["type"];
  }
  EXPECT_EQ(last_type, "report");
}

}  // namespace
