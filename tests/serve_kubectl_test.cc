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
#include "engine/serve/kubeconfig.h"
#include "tests/testing/serve_testing.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

// `s` with every run of spaces cut to one space.
std::string SquashSpaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

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

TEST_F(ServeKubectlTest, DescribePodShowsTheSeedEvents) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start();
    CommandResult r = Kubectl(k, "describe pod payment-service-6b8f9d4c7-v5n1s -n production");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // Event ages are computed by kubectl from its own clock, not the
    // server's: the checks leave the Age column out.
    for (const char* want :
         {"Name:             payment-service-6b8f9d4c7-v5n1s\n", "Namespace:        production\n",
          "      Reason:       OOMKilled\n", "      Exit Code:    137\n",
          "    Restart Count:  5\n", "Events:\n  Type     Reason     Age",
          "  Normal   Scheduled  ", "default-scheduler  Successfully assigned production/payment-service-6b8f9d4c7-v5n1s",
          "  Warning  OOMKilled  ", "kubelet            Container payment-service exceeded memory limit\n",
          "  Warning  BackOff    ", "kubelet            Back-off restarting failed container payment-service"}) {
      // Column widths follow the longest field, which differs across kubectl
      // versions: compare with runs of spaces squashed.
      EXPECT_NE(SquashSpaces(r.out).find(SquashSpaces(want)), std::string::npos) << want << "\n" << r.out;
    }
  }
}

TEST_F(ServeKubectlTest, JsonPathResourcesAreTheSeeds) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start();
    CommandResult r = Kubectl(k, "get deployment payment-service -n production -o "
                                 "jsonpath='{.spec.template.spec.containers[0].resources}'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, R"({"limits":{"cpu":"250m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}})");
  }
}

TEST_F(ServeKubectlTest, TopPodsPrintsTheSeedUsage) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start();
    CommandResult r = Kubectl(k, "top pods -n production -l app=payment-service");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "NAME                              CPU(cores)   MEMORY(bytes)   \n"
              "payment-service-6b8f9d4c7-h2k4l   89m          241Mi           \n"
              "payment-service-6b8f9d4c7-m9x2p   94m          238Mi           \n"
              "payment-service-6b8f9d4c7-q7j8r   102m         251Mi           \n"
              "payment-service-6b8f9d4c7-v5n1s   0m           0Mi             \n");
  }
}

TEST_F(ServeKubectlTest, RolloutHistoryPrintsTheSeedRevisions) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start();
    CommandResult r = Kubectl(k, "rollout history deployment/payment-service -n production");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "deployment.apps/payment-service \n"
              "REVISION  CHANGE-CAUSE\n"
              "3         v2.13.2 - routine patch\n"
              "4         v2.14.0 - added payment reconciliation batch job\n\n");
  }
}

// Runs `kubectl rollout status` while the test moves the paused clock
// forward, 5 virtual seconds at a time, until kubectl exits.
CommandResult RolloutStatus(serve::Server* server, const std::string& kubectl,
                            const std::string& kubeconfig) {
  std::atomic<bool> done{false};
  CommandResult r;
  std::thread t([&] {
    r = testing::RunKubectl(kubectl, kubeconfig,
                            "rollout status deployment/payment-service -n production --timeout=120s");
    done = true;
  });
  WallClock wall;
  for (int i = 0; i < 2000 && !done; ++i) {
    server->Advance(5000);
    wall.Sleep(30);
  }
  t.join();
  return r;
}

TEST_F(ServeKubectlTest, SeedFixRollsOutToFourHealthyPods) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start();
    CommandResult r = Kubectl(
        k, "patch deployment payment-service -n production -p "
           "'{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"payment-service\","
           "\"resources\":{\"requests\":{\"memory\":\"256Mi\"},\"limits\":{\"memory\":\"512Mi\"}}}]}}}}'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "deployment.apps/payment-service patched\n");
    r = RolloutStatus(server_.get(), k, kubeconfig_);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(EndsWith(r.out, "deployment \"payment-service\" successfully rolled out\n")) << r.out;

    r = Kubectl(k, "get pods -n production -l app=payment-service --no-headers");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> lines = Split(Trim(r.out), '\n');
    EXPECT_EQ(lines.size(), 4u) << r.out;
    for (const std::string& line : lines) {
      EXPECT_NE(SquashSpaces(line).find(" 1/1 Running 0 "), std::string::npos) << r.out;
      EXPECT_EQ(line.find("payment-service-6b8f9d4c7-"), std::string::npos) << r.out;
    }
    r = Kubectl(k, "get deployment payment-service -n production -o "
                   "jsonpath='{.spec.template.spec.containers[0].resources}'");
    EXPECT_EQ(r.out, R"({"limits":{"cpu":"250m","memory":"512Mi"},"requests":{"cpu":"100m","memory":"256Mi"}})");
    r = Kubectl(k, "get events -n production --field-selector reason=OOMKilling "
                   "--sort-by='.lastTimestamp'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "No resources found in production namespace.\n");
  }
}

TEST_F(ServeKubectlTest, UndoScaleAndSetImage) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start();
    CommandResult r = Kubectl(k, "rollout undo deployment/payment-service -n production --to-revision=3");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "deployment.apps/payment-service rolled back\n");
    r = Kubectl(k, "rollout history deployment/payment-service -n production");
    EXPECT_EQ(r.out,
              "deployment.apps/payment-service \n"
              "REVISION  CHANGE-CAUSE\n"
              "4         v2.14.0 - added payment reconciliation batch job\n"
              "5         v2.13.2 - routine patch\n\n");
    r = Kubectl(k, "get deployment payment-service -n production -o "
                   "jsonpath='{.spec.template.spec.containers[0].image}'");
    EXPECT_EQ(r.out, "registry.internal/payment-service:v2.13.2");

    r = Kubectl(k, "scale deployment/payment-service -n production --replicas=6");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "deployment.apps/payment-service scaled\n");
    r = Kubectl(k, "get deployment payment-service -n production -o jsonpath='{.spec.replicas}'");
    EXPECT_EQ(r.out, "6");
    // --current-replicas is a precondition checked against the Scale.
    r = Kubectl(k, "scale deployment/payment-service -n production --replicas=3 --current-replicas=2");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "error: Expected replicas to be 2, was 6\n");

    r = Kubectl(k, "set image deployment/payment-service -n production "
                   "payment-service=registry.internal/payment-service:v2.14.1");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "deployment.apps/payment-service image updated\n");
    r = Kubectl(k, "get deployment payment-service -n production -o "
                   "jsonpath='{.spec.template.spec.containers[0].image}'");
    EXPECT_EQ(r.out, "registry.internal/payment-service:v2.14.1");
  }
}

TEST_F(ServeKubectlTest, DeletePodIsReplaced) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start();
    CommandResult r = Kubectl(k, "delete pod payment-service-6b8f9d4c7-v5n1s -n production");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "pod \"payment-service-6b8f9d4c7-v5n1s\" deleted\n");
    r = Kubectl(k, "get pods -n production -l app=payment-service -o name");
    EXPECT_EQ(Split(Trim(r.out), '\n').size(), 4u) << r.out;
    EXPECT_EQ(r.out.find("v5n1s"), std::string::npos) << r.out;
  }
}

TEST_F(ServeKubectlTest, ErrorsForUnknownObjects) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start();
    CommandResult r = Kubectl(k, "get deployment nope -n production");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "Error from server (NotFound): deployments.apps \"nope\" not found\n");
    r = Kubectl(k, "describe pod nope -n production");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "Error from server (NotFound): pods \"nope\" not found\n");
    r = Kubectl(k, "logs nope -n production");
    EXPECT_EQ(r.exit_code, 1);
    // kubectl's wording of a logs NotFound changed across versions (1.32:
    // "error: error from server (NotFound): pods \"nope\" not found in
    // namespace \"production\""); the server's reason and message are the same.
    EXPECT_NE(r.err.find("rror from server (NotFound): pods \"nope\" not found"), std::string::npos) << r.err;
    r = Kubectl(k, "get pods -n staging");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "No resources found in staging namespace.\n");
    r = Kubectl(k, "rollout undo deployment/payment-service -n production --to-revision=9");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "error: unable to find specified revision 9 in history\n");
    r = Kubectl(k, "set image deployment/payment-service -n production nosuch=x");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "error: unable to find container named \"nosuch\"\n");
    r = Kubectl(k, "logs payment-service-6b8f9d4c7-h2k4l -n production --previous");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err,
              "Error from server (BadRequest): previous terminated container \"payment-service\" in "
              "pod \"payment-service-6b8f9d4c7-h2k4l\" not found\n");
  }
}

TEST_F(ServeKubectlTest, TlsRequiresTheToken) {
  for (const std::string& k : kubectls_) {
    SCOPED_TRACE(k);
    Start(/*tls=*/true);
    CommandResult r = Kubectl(k, "get pods -n production -l app=payment-service");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, kSeedPods);
    // The same kubeconfig without the token.
    std::string text = testing::ReadFileOrDie(kubeconfig_);
    size_t at = text.find("    token: ");
    ASSERT_NE(at, std::string::npos) << text;
    text = text.substr(0, at) + "    token: wrong\n";
    std::string bad = testing::TempDir() + "/kubeconfig";
    ASSERT_TRUE(serve::WriteFileAtomically(bad, text).ok());
    r = testing::RunKubectl(k, bad, "get pods -n production");
    EXPECT_EQ(r.exit_code, 1);
    // 1.20 prints the Status message ("Unauthorized"); newer kubectl its
    // own text for a 401 ("the server has asked for the client to provide
    // credentials").
    EXPECT_NE(r.err.find("error: You must be logged in to the server ("), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace kf
