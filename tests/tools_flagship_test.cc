// The tool catalog against the simulated flagship scenario
// (scenarios/payment-service-oom.yaml), checked against the seed
// walkthrough's outputs.
#include <gtest/gtest.h>

#include <memory>

#include "engine/scenario/scenario.h"
#include "engine/sim/simulation.h"
#include "engine/tools/mutation_preview.h"
#include "engine/tools/tool.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

class ToolsFlagshipTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Scenario> scenario =
        LoadScenarioFile(testing::SourceDir() + "/scenarios/payment-service-oom.yaml");
    ASSERT_TRUE(scenario.ok()) << scenario.status().ToString();
    Result<std::unique_ptr<Simulation>> sim = Simulation::Create(*scenario);
    ASSERT_TRUE(sim.ok()) << sim.status().ToString();
    sim_ = std::move(*sim);
  }
  ToolResult Invoke(const std::string& tool, const Json& args) {
    ToolResult r = ToolCatalog::Default().Invoke(tool, args, ctx());
    return r;
  }
  ToolContext ctx() { return ToolContext{&sim_->cluster(), &sim_->metrics()}; }
  std::unique_ptr<Simulation> sim_;
};

const Json kPods = {{"namespace", "production"}, {"label_selector", "app=payment-service"}};
const Json kDeploy = {{"kind", "deployment"}, {"name", "payment-service"}, {"namespace", "production"}};

Json SeedPatchArgs() {
  Json args = kDeploy;
  args["patch"] = Json::parse(R"({"spec":{"template":{"spec":{"containers":[{"name":"payment-service",
      "resources":{"requests":{"memory":"256Mi"},"limits":{"memory":"512Mi"}}}]}}}})");
  return args;
}

TEST_F(ToolsFlagshipTest, Step1ListPods) {
  ToolResult r = Invoke("kubernetes.list_pods", kPods);
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl get pods -n production -l app=payment-service");
  ASSERT_EQ(r.structured["items"].size(), 4u) << r.text;
  for (const char* name : {"payment-service-6b8f9d4c7-h2k4l", "payment-service-6b8f9d4c7-m9x2p",
                           "payment-service-6b8f9d4c7-q7j8r", "payment-service-6b8f9d4c7-v5n1s"}) {
    EXPECT_NE(r.text.find(name), std::string::npos) << name << "\n" << r.text;
  }
  EXPECT_NE(r.text.find("CrashLoopBackOff"), std::string::npos) << r.text;
  // The seed's restart counts: q7j8r 3, v5n1s 5.
  std::vector<int64_t> restarts;
  for (const Json& pod : r.structured["items"]) {
    restarts.push_back(pod["status"]["containerStatuses"][0]["restartCount"].get<int64_t>());
  }
  EXPECT_EQ(restarts, (std::vector<int64_t>{0, 0, 3, 5}));
}

TEST_F(ToolsFlagshipTest, Step2DescribeAndEvents) {
  ToolResult r = Invoke("kubernetes.describe", {{"kind", "pod"},
                                                {"name", "payment-service-6b8f9d4c7-v5n1s"},
                                                {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("OOMKilled"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("Back-off restarting failed container"), std::string::npos) << r.text;
  r = Invoke("kubernetes.get_pod_logs", {{"namespace", "production"},
                                         {"pod", "payment-service-6b8f9d4c7-v5n1s"},
                                         {"previous", true}});
  EXPECT_FALSE(r.is_error) << r.text;
}

TEST_F(ToolsFlagshipTest, Step3ResourcesJsonPath) {
  Json args = kDeploy;
  args["jsonpath"] = "{.spec.template.spec.containers[0].resources}";
  ToolResult r = Invoke("kubernetes.get_resource", args);
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command,
            "kubectl get deployment payment-service -n production -o "
            "jsonpath='{.spec.template.spec.containers[0].resources}'");
  EXPECT_EQ(r.text,
            R"({"limits":{"cpu":"250m","memory":"256Mi"},"requests":{"cpu":"100m","memory":"128Mi"}})");
}

TEST_F(ToolsFlagshipTest, Step4TopPods) {
  ToolResult r = Invoke("kubernetes.top_pods", kPods);
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "kubectl top pods -n production -l app=payment-service");
  for (const char* mem : {"241Mi", "238Mi", "251Mi"}) {
    EXPECT_NE(r.text.find(mem), std::string::npos) << mem << "\n" << r.text;
  }
}

TEST_F(ToolsFlagshipTest, Step5RolloutHistory) {
  ToolResult r = Invoke("kubernetes.get_rollout_history", kDeploy);
  ASSERT_FALSE(r.is_error) << r.text;
  const Json& revs = r.structured["revisions"];
  ASSERT_GE(revs.size(), 2u) << r.structured.dump();
  const Json& prev = revs[revs.size() - 2];
  const Json& cur = revs[revs.size() - 1];
  EXPECT_EQ(prev["revision"], 3);
  EXPECT_EQ(prev["change_cause"], "v2.13.2 - routine patch");
  EXPECT_EQ(cur["revision"], 4);
  EXPECT_EQ(cur["change_cause"], "v2.14.0 - added payment reconciliation batch job");
  EXPECT_EQ(cur["images"][0], "registry.internal/payment-service:v2.14.0");
  EXPECT_NE(r.text.find("3         v2.13.2 - routine patch"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("4         v2.14.0 - added payment reconciliation batch job"), std::string::npos)
      << r.text;
}

TEST_F(ToolsFlagshipTest, ApprovalPreviewMatchesTheSeed) {
  Result<MutationPreview> p = PreviewMutation("kubernetes.patch_resource", SeedPatchArgs(), ctx());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->Render(),
            "Action: Patch deployment/payment-service in namespace production\n"
            "Change:\n"
            "containers[0].resources.requests.memory: 128Mi → 256Mi\n"
            "containers[0].resources.limits.memory: 256Mi → 512Mi\n"
            "This will trigger a rolling update of all pods.\n");
}

TEST_F(ToolsFlagshipTest, FixRollsOutAndVerifies) {
  ToolResult r = Invoke("kubernetes.patch_resource", SeedPatchArgs());
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text, "deployment.apps/payment-service patched\n");

  r = Invoke("kubernetes.rollout_status", {{"name", "payment-service"}, {"namespace", "production"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.structured["done"], true);
  EXPECT_EQ(r.structured["lines"].back(), "deployment \"payment-service\" successfully rolled out") << r.text;

  r = Invoke("kubernetes.list_pods", kPods);
  EXPECT_EQ(r.structured["items"].size(), 4u) << r.text;
  EXPECT_EQ(r.text.find("CrashLoopBackOff"), std::string::npos) << r.text;

  r = Invoke("kubernetes.get_events", {{"namespace", "production"}, {"reason", "OOMKilling"}, {"since", "1m"}});
  EXPECT_EQ(r.command,
            "kubectl get events -n production --field-selector reason=OOMKilling "
            "--sort-by='.lastTimestamp'");
  EXPECT_EQ(r.text, "No resources found in production namespace.\n");

  // Five minutes later the p99 is back near the seed's 135ms.
  sim_->AdvanceTo(sim_->clock().Now() + 5 * 60 * 1000);
  r = Invoke("prometheus.query",
             {{"query", "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{service=\"payment-service\"}[5m]))"}});
  ASSERT_FALSE(r.is_error) << r.text;
  ASSERT_EQ(r.structured["resultType"], "vector") << r.text;
  ASSERT_EQ(r.structured["result"].size(), 1u) << r.text;
  double p99 = std::stod(r.structured["result"][0]["value"][1].get<std::string>());
  EXPECT_GT(p99, 0.1);
  EXPECT_LT(p99, 0.2);
}

TEST_F(ToolsFlagshipTest, AlternativeRollbackToRevision3) {
  Result<MutationPreview> p = PreviewMutation(
      "kubernetes.rollout_undo", {{"name", "payment-service"}, {"namespace", "production"}, {"to_revision", 3}},
      ctx());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->consequence, "This will trigger a rolling update of all pods.");
  ToolResult r = Invoke("kubernetes.rollout_undo",
                        {{"name", "payment-service"}, {"namespace", "production"}, {"to_revision", 3}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text, "deployment.apps/payment-service rolled back\n");
  r = Invoke("kubernetes.rollout_status", {{"name", "payment-service"}, {"namespace", "production"}});
  EXPECT_EQ(r.structured["done"], true) << r.text;
  r = Invoke("kubernetes.get_rollout_history", kDeploy);
  EXPECT_EQ(r.structured["revisions"].back()["change_cause"], "v2.13.2 - routine patch") << r.text;
  r = Invoke("kubernetes.rollout_undo",
             {{"name", "payment-service"}, {"namespace", "production"}, {"to_revision", 9}});
  EXPECT_EQ(r.text, "error: unable to find specified revision 9 in history");
}

}  // namespace
}  // namespace kf
