// The pod-side scenarios (kubelet/container incidents): each loads, shows
// the evidence a real cluster shows before any fix, and the builtin agent
// finds the root cause from that evidence, executes an acceptable fix and
// verifies honestly; afterwards the scenario's success conditions hold on
// the final simulation.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/agent/approval_gate.h"
#include "engine/agent/facts.h"
#include "engine/agent/run_scenario.h"
#include "tests/scenario_testing.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

using namespace scenario_testing;  // NOLINT(build/namespaces)

using agent::RunOutcome;
using agent::Step;

std::string StatusOf(const Json& pod) {
  const Json& cs = pod["status"]["containerStatuses"][0];
  if (cs["state"].contains("waiting")) return JsonString(cs["state"]["waiting"], "reason");
  return JsonString(pod["status"], "phase");
}

// ---------------------------------------------------------------- image-pull

TEST(PodScenarios, ImagePullEvidenceBeforeTheFix) {
  auto sim = AtAlert("inventory-api-missing-image-tag");
  ASSERT_NE(sim, nullptr);
  auto pods = simtest::Pods(*sim, "warehouse", "app=inventory-api");
  ASSERT_EQ(pods.size(), 4u);
  const Json& stuck = pods.at("inventory-api-7f6b9c2d8-p4h7z");
  EXPECT_EQ(StatusOf(stuck), "ImagePullBackOff");
  EXPECT_EQ(stuck["status"]["phase"], "Pending");
  auto failed = simtest::EventsFor(*sim, "warehouse", "inventory-api-7f6b9c2d8-p4h7z", "Failed");
  std::vector<std::string> messages;
  for (const Json& e : failed) messages.push_back(JsonString(e, "message"));
  EXPECT_NE(std::find(messages.begin(), messages.end(),
                      "Failed to pull image \"registry.internal/warehouse/inventory-api:v3.8.0\": rpc error: code = "
                      "NotFound desc = failed to pull and unpack image \"registry.internal/warehouse/inventory-api:"
                      "v3.8.0\": failed to resolve reference \"registry.internal/warehouse/inventory-api:v3.8.0\": "
                      "registry.internal/warehouse/inventory-api:v3.8.0: not found"),
            messages.end());
  EXPECT_NE(std::find(messages.begin(), messages.end(), "Error: ImagePullBackOff"), messages.end());
  EXPECT_FALSE(RolloutComplete(*sim, "warehouse", "inventory-api"));
  // The old ReplicaSet still serves.
  for (const char* old : {"inventory-api-5c8d7f9b4-k2m8q", "inventory-api-5c8d7f9b4-r7t4w", "inventory-api-5c8d7f9b4-x9b3n"}) {
    EXPECT_TRUE(IsReady(pods.at(old))) << old;
  }
}

TEST(PodScenarios, ImagePullAgentRollsBack) {
  auto run = ExpectSolved("inventory-api-missing-image-tag", "image-pull", "deployment/inventory-api", "warehouse",
                          "kubernetes.rollout_undo");
  ASSERT_NE(run.simulation, nullptr);
  const Step* x = Executed(run.result.transcript);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->call.args.value("to_revision", 0), 6);
  Simulation& sim = *run.simulation;
  EXPECT_TRUE(RolloutComplete(sim, "warehouse", "inventory-api"));
  ExpectPodsHealthy(sim, "warehouse", "app=inventory-api", 3);
  auto d = sim.cluster().Get("Deployment", "warehouse", "inventory-api");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["spec"]["template"]["spec"]["containers"][0]["image"], "registry.internal/warehouse/inventory-api:v3.7.2");
}

// ------------------------------------------------------------------- config

TEST(PodScenarios, ConfigEvidenceBeforeTheFix) {
  auto sim = AtAlert("ledger-api-missing-configmap-key");
  ASSERT_NE(sim, nullptr);
  auto pods = simtest::Pods(*sim, "finance", "app=ledger-api");
  ASSERT_EQ(pods.size(), 3u);
  const Json& stuck = pods.at("ledger-api-8d5c4f6b7-w7m4q");
  EXPECT_EQ(StatusOf(stuck), "CreateContainerConfigError");
  EXPECT_EQ(stuck["status"]["containerStatuses"][0]["state"]["waiting"]["message"],
            "couldn't find key rounding-mode in ConfigMap finance/ledger-api-config");
  EXPECT_EQ(stuck["status"]["phase"], "Pending");
  auto failed = simtest::EventsFor(*sim, "finance", "ledger-api-8d5c4f6b7-w7m4q", "Failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["message"], "Error: couldn't find key rounding-mode in ConfigMap finance/ledger-api-config");
  EXPECT_EQ(failed[0]["type"], "Warning");
  EXPECT_GT(JsonInt(failed[0], "count"), 10);  // retried on every sync
  EXPECT_FALSE(RolloutComplete(*sim, "finance", "ledger-api"));
}

TEST(PodScenarios, ConfigAgentRollsBack) {
  auto run = ExpectSolved("ledger-api-missing-configmap-key", "config", "deployment/ledger-api", "finance",
                          "kubernetes.rollout_undo");
  ASSERT_NE(run.simulation, nullptr);
  EXPECT_EQ(Executed(run.result.transcript)->call.args.value("to_revision", 0), 2);
  Simulation& sim = *run.simulation;
  EXPECT_TRUE(RolloutComplete(sim, "finance", "ledger-api"));
  ExpectPodsHealthy(sim, "finance", "app=ledger-api", 2);
}

// A ConfigMap fixed in place: the kubelet's next retry creates the container.
TEST(PodScenarios, ConfigKeyAddedLetsTheStuckPodStart) {
  auto sim = AtAlert("ledger-api-missing-configmap-key");
  ASSERT_NE(sim, nullptr);
  auto patched = sim->cluster().Patch("ConfigMap", "finance", "ledger-api-config", PatchType::kMerge,
                                      Json{{"data", {{"rounding-mode", "HALF_EVEN"}}}});
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  ASSERT_GT(simtest::WaitForRollout(*sim, "finance", "ledger-api"), 0);
  ExpectPodsHealthy(*sim, "finance", "app=ledger-api", 2);
  auto d = sim->cluster().Get("Deployment", "finance", "ledger-api");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["spec"]["template"]["spec"]["containers"][0]["image"], "harbor.corp.local/finance/ledger-api:v2.6.0");
}

// ----------------------------------------------------------- readiness-probe

TEST(PodScenarios, ReadinessProbeEvidenceBeforeTheFix) {
  auto sim = AtAlert("notifications-readiness-wrong-port");
  ASSERT_NE(sim, nullptr);
  auto pods = simtest::Pods(*sim, "messaging", "app=notifications");
  ASSERT_EQ(pods.size(), 2u);
  for (const auto& [name, p] : pods) {
    EXPECT_EQ(p["status"]["phase"], "Running") << name;
    EXPECT_FALSE(IsReady(p)) << name;
    EXPECT_EQ(simtest::Restarts(p), 0) << name;
    auto unhealthy = simtest::EventsFor(*sim, "messaging", name, "Unhealthy");
    ASSERT_EQ(unhealthy.size(), 1u) << name;
    const std::string ip = p["status"]["podIP"];
    EXPECT_EQ(unhealthy[0]["message"], "Readiness probe failed: Get \"http://" + ip + ":8081/healthz\": dial tcp " +
                                           ip + ":8081: connect: connection refused");
    EXPECT_GT(JsonInt(unhealthy[0], "count"), 50);  // every 10s for ~11 minutes
  }
  auto ep = sim->cluster().Get("Endpoints", "messaging", "notifications");
  ASSERT_TRUE(ep.ok());
  ASSERT_EQ((*ep)["subsets"].size(), 1u);
  EXPECT_FALSE((*ep)["subsets"][0].contains("addresses"));
  EXPECT_EQ((*ep)["subsets"][0]["notReadyAddresses"].size(), 2u);
  EXPECT_GT(PromValue(*sim, "sum(rate(http_requests_total{service=\"notifications\",code=\"503\"}[1m]))"), 30);
}

TEST(PodScenarios, ReadinessProbeAgentFixesThePort) {
  auto run = ExpectSolved("notifications-readiness-wrong-port", "readiness-probe", "deployment/notifications",
                          "messaging", "kubernetes.patch_resource");
  ASSERT_NE(run.simulation, nullptr);
  Simulation& sim = *run.simulation;
  auto d = sim.cluster().Get("Deployment", "messaging", "notifications");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["port"], 8080);
  EXPECT_TRUE(RolloutComplete(sim, "messaging", "notifications"));
  ExpectPodsHealthy(sim, "messaging", "app=notifications", 2);
  auto ep = sim.cluster().Get("Endpoints", "messaging", "notifications");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ((*ep)["subsets"][0]["addresses"].size(), 2u);
  EXPECT_FALSE((*ep)["subsets"][0].contains("notReadyAddresses"));
  EXPECT_LT(PromValue(sim, "sum(rate(http_requests_total{service=\"notifications\",code=\"503\"}[1m]))"), 0.1);
}

// ------------------------------------------------------------ liveness-probe

TEST(PodScenarios, LivenessProbeEvidenceBeforeTheFix) {
  auto sim = AtAlert("product-search-liveness-kills");
  ASSERT_NE(sim, nullptr);
  auto pods = simtest::Pods(*sim, "catalog", "app=product-search");
  ASSERT_EQ(pods.size(), 4u);
  const Json& killed = pods.at("product-search-5f4d8c7b6-n6q2r");
  EXPECT_EQ(StatusOf(killed), "CrashLoopBackOff");
  EXPECT_GE(simtest::Restarts(killed), 5);
  const Json& last = killed["status"]["containerStatuses"][0]["lastState"]["terminated"];
  EXPECT_EQ(last["exitCode"], 137);
  EXPECT_EQ(last["reason"], "Error");
  auto kills = simtest::EventsFor(*sim, "catalog", "product-search-5f4d8c7b6-n6q2r", "Killing");
  ASSERT_EQ(kills.size(), 1u);
  EXPECT_EQ(kills[0]["message"], "Container product-search failed liveness probe, will be restarted");
  EXPECT_EQ(kills[0]["type"], "Normal");
  auto unhealthy = simtest::EventsFor(*sim, "catalog", "product-search-5f4d8c7b6-n6q2r", "Unhealthy");
  ASSERT_EQ(unhealthy.size(), 1u);
  EXPECT_EQ(JsonString(unhealthy[0], "message").rfind("Liveness probe failed: Get \"http://", 0), 0u);
  EXPECT_NE(JsonString(unhealthy[0], "message").find(":8080/healthz\": dial tcp "), std::string::npos);
  auto logs = sim->cluster().Logs("catalog", "product-search-5f4d8c7b6-n6q2r", "product-search", true, -1);
  ASSERT_TRUE(logs.ok());
  EXPECT_NE(logs->find("received SIGTERM while loading the index"), std::string::npos) << *logs;
}

TEST(PodScenarios, LivenessProbeAgentRelaxesTheProbe) {
  auto run = ExpectSolved("product-search-liveness-kills", "liveness-probe", "deployment/product-search", "catalog",
                          "kubernetes.patch_resource");
  ASSERT_NE(run.simulation, nullptr);
  Simulation& sim = *run.simulation;
  auto d = sim.cluster().Get("Deployment", "catalog", "product-search");
  ASSERT_TRUE(d.ok());
  const Json& probe = (*d)["spec"]["template"]["spec"]["containers"][0]["livenessProbe"];
  EXPECT_GE(JsonInt(probe, "initialDelaySeconds"), 20);
  EXPECT_EQ(JsonInt(probe, "periodSeconds"), 10);
  EXPECT_EQ(JsonInt(probe, "failureThreshold"), 3);
  EXPECT_TRUE(RolloutComplete(sim, "catalog", "product-search"));
  ExpectPodsHealthy(sim, "catalog", "app=product-search", 3);
  // Still healthy well past the probe's first checks.
  sim.AdvanceTo(sim.clock().Now() + 5 * 60 * 1000);
  ExpectPodsHealthy(sim, "catalog", "app=product-search", 3);
}

// --------------------------------------------------------------- bad-rollout

const char kPricingErrors[] =
    "sum(rate(http_requests_total{service=\"pricing-api\",code=~\"5..\"}[1m])) / "
    "sum(rate(http_requests_total{service=\"pricing-api\"}[1m]))";

TEST(PodScenarios, BadRolloutEvidenceBeforeTheFix) {
  auto sim = AtAlert("pricing-api-bad-release");
  ASSERT_NE(sim, nullptr);
  ExpectPodsHealthy(*sim, "storefront", "app=pricing-api", 3);
  EXPECT_NEAR(PromValue(*sim, kPricingErrors), 0.18, 0.02);
  auto logs = sim->cluster().Logs("storefront", "pricing-api-6f7b8d4c9-f8r2k", "pricing-api", false, 20);
  ASSERT_TRUE(logs.ok());
  EXPECT_NE(logs->find("java.lang.NullPointerException"), std::string::npos) << *logs;
}

TEST(PodScenarios, BadRolloutAgentUsesTheErrorRatioAndRollsBack) {
  auto run = ExpectSolved("pricing-api-bad-release", "bad-rollout", "deployment/pricing-api", "storefront",
                          "kubernetes.rollout_undo");
  ASSERT_NE(run.simulation, nullptr);
  EXPECT_EQ(Executed(run.result.transcript)->call.args.value("to_revision", 0), 11);
  // The error ratio was evidence and a verification check.
  const Step* a = Find(run.result.transcript, Step::Kind::kAssessment);
  ASSERT_NE(a, nullptr);
  bool cited = false;
  for (const agent::EvidenceItem& e : a->assessment.evidence) cited = cited || e.summary.find("5xx ratio 18") == 0;
  EXPECT_TRUE(cited);
  const Step* v = Find(run.result.transcript, Step::Kind::kVerification);
  ASSERT_NE(v, nullptr);
  bool checked = false;
  for (const agent::Check& c : v->verification.checks) checked = checked || (c.name == "error-ratio" && c.passed);
  EXPECT_TRUE(checked);
  Simulation& sim = *run.simulation;
  EXPECT_TRUE(RolloutComplete(sim, "storefront", "pricing-api"));
  ExpectPodsHealthy(sim, "storefront", "app=pricing-api", 3);
  EXPECT_LT(PromValue(sim, kPricingErrors), 0.01);
}

// ------------------------------------------------------------ cpu-throttling

const char kReportThrottled[] =
    "max(rate(container_cpu_cfs_throttled_periods_total{namespace=\"analytics\",container=\"report-api\"}[1m]) / "
    "rate(container_cpu_cfs_periods_total{namespace=\"analytics\",container=\"report-api\"}[1m]))";

TEST(PodScenarios, CpuThrottlingEvidenceBeforeTheFix) {
  auto sim = AtAlert("report-api-cpu-throttled");
  ASSERT_NE(sim, nullptr);
  ExpectPodsHealthy(*sim, "analytics", "app=report-api", 2);
  EXPECT_NEAR(PromValue(*sim, kReportThrottled), 0.6, 0.05);
  const double p99 = simtest::HistogramQuantile(sim->series(), "report-api", 0.99, sim->clock().Now());
  const double before = simtest::HistogramQuantile(sim->series(), "report-api", 0.99, sim->clock().Now() - 25 * 60 * 1000);
  EXPECT_GT(p99, 1.8 * before) << p99 << " vs " << before;
  for (const auto& [name, top] : simtest::TopPods(*sim, "analytics", "app=report-api")) {
    EXPECT_EQ(top.cpu_milli, 200) << name;  // pinned at the limit
  }
}

TEST(PodScenarios, CpuThrottlingAgentUsesThrottlingAndRaisesTheLimit) {
  auto run = ExpectSolved("report-api-cpu-throttled", "cpu-throttling", "deployment/report-api", "analytics",
                          "kubernetes.patch_resource");
  ASSERT_NE(run.simulation, nullptr);
  const Step* a = Find(run.result.transcript, Step::Kind::kAssessment);
  ASSERT_NE(a, nullptr);
  bool cited = false;
  for (const agent::EvidenceItem& e : a->assessment.evidence) cited = cited || e.summary.find("of CFS periods throttled") != std::string::npos;
  EXPECT_TRUE(cited);
  Simulation& sim = *run.simulation;
  auto d = sim.cluster().Get("Deployment", "analytics", "report-api");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["cpu"], "800m");
  EXPECT_TRUE(RolloutComplete(sim, "analytics", "report-api"));
  ExpectPodsHealthy(sim, "analytics", "app=report-api", 2);
  EXPECT_LT(PromValue(sim, kReportThrottled), 0.05);
}

// The same scenario and seed give byte-identical runs.
TEST(PodScenarios, RunsAreDeterministic) {
  for (const char* name : {"notifications-readiness-wrong-port", "product-search-liveness-kills"}) {
    auto a = RunAgent(name);
    auto b = RunAgent(name);
    ASSERT_NE(a.simulation, nullptr);
    ASSERT_NE(b.simulation, nullptr);
    EXPECT_EQ(a.simulation->DumpObjects().dump(), b.simulation->DumpObjects().dump()) << name;
    EXPECT_EQ(a.result.transcript.size(), b.result.transcript.size()) << name;
  }
}

}  // namespace
}  // namespace kf
