// Real kubectl against `kubeflight serve` of the flagship scenario
// (scenarios/payment-service-oom.yaml), checked against the seed
// walkthrough. Every test runs with every kubectl the machine has
// (tests/testing/serve_testing.h): the gcloud kubectl (1.32, aggregated
// discovery v2) and Debian's kubernetes-client (1.20, legacy discovery).
// The server's clock is paused at the alert time, so ages are the seed's.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "engine/core/clock.h"
#include "engine/core/strings.h"
#include "tests/testing/serve_testing.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

using testing::CommandResult;

class ServeKubectlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kubectls_ = testing::FindKubectls();
    if (kubectls_.empty()) {
      GTEST_SKIP() << "no kubectl found (PATH, /usr/local/bin/kubectl-1.*, $KUBEFLIGHT_KUBECTL); "
                      "scripts/test.sh installs Debian's kubernetes-client";
    }
  }
  // A fresh paused server and its kubeconfig, for one kubectl.
  void Start(bool tls = false) {
    server_ = testing::StartServe("payment-service-oom", tls);
    ASSERT_NE(server_, nullptr);
    kubeconfig_ = testing::TempDir() + "/kubeconfig";
    ASSERT_TRUE(server_->WriteKubeconfig(kubeconfig_).ok());
  }
  CommandResult Kubectl(const std::string& kubectl, const std::string& args) {
    return testing::RunKubectl(kubectl, kubeconfig_, args);
  }

  std::vector<std::string> kubectls_;
  std::unique_ptr<serve::Server> server_;
  std::string kubeconfig_;
};

const char kSeedPods[] =
    "NAME                              READY   STATUS             RESTARTS       AGE\n"
    "payment-service-6b8f9d4c7-h2k4l   1/1     Running            0              18m\n"
    "payment-service-6b8f9d4c7-m9x2p   1/1     Running            0              18m\n"
    "payment-service-6b8f9d4c7-q7j8r   1/1     Running            3 (3m5s ago)   18m\n"
    "payment-service-6b8f9d4c7-v5n1s   0/1     CrashLoopBackOff   5 (3m ago)     18m\n";

TEST_F(ServeKubectlTest, GetPodsPrintsTheSeedTable) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start();
    CommandResult r = Kubectl(k, "get pods -n production -l app=payment-service");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, kSeedPods);
  }
}

}  // namespace
}  // namespace kf
