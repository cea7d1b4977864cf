// The traffic model's rate changes and the HPA controller: rates ramp as the
// scenario says; the HPA scales a Deployment on CPU utilization, stops at
// maxReplicas with ScalingLimited True (TooManyReplicas), scales further
// once maxReplicas is raised, and scales down only after the 5-minute
// stabilization window.
#include <gtest/gtest.h>

#include "engine/sim/traffic_model.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

constexpr UnixMillis kMin = 60 * 1000;

TEST(TrafficModel, RateStepsAndRamps) {
  TrafficProfile t;
  t.rps = 100;
  t.changes = {{10 * kMin, 400, 10 * kMin}, {30 * kMin, 50, 0}};
  EXPECT_DOUBLE_EQ(sim::TrafficRpsAt(t, 0), 100);
  EXPECT_DOUBLE_EQ(sim::TrafficRpsAt(t, 10 * kMin), 100);
  EXPECT_DOUBLE_EQ(sim::TrafficRpsAt(t, 15 * kMin), 250);
  EXPECT_DOUBLE_EQ(sim::TrafficRpsAt(t, 20 * kMin), 400);
  EXPECT_DOUBLE_EQ(sim::TrafficRpsAt(t, 29 * kMin), 400);
  EXPECT_DOUBLE_EQ(sim::TrafficRpsAt(t, 30 * kMin), 50);
}

TEST(TrafficModel, ChangesAreReadRelativeToTheAlert) {
  auto s = LoadScenarioText(simtest::MiniScenarioYaml() +
                                "  - {service: api, namespace: shop, rps: 10, changes: [{at: -5m, rps: 20, over: 1m}]}\n",
                            "t.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->traffic.size(), 2u);
  ASSERT_EQ(s->traffic[1].changes.size(), 1u);
  EXPECT_EQ(s->traffic[1].changes[0].at, s->alert_time - 5 * kMin);
  EXPECT_EQ(s->traffic[1].changes[0].over, kMin);
}

TEST(TrafficModel, OverlappingChangesAreRejected) {
  auto s = LoadScenarioText(simtest::MiniScenarioYaml() +
                                "  - service: api\n"
                                "    rps: 10\n"
                                "    changes:\n"
                                "      - {at: -5m, rps: 20, over: 2m}\n"
                                "      - {at: -4m, rps: 30}\n",
                            "t.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "t.yaml:66: traffic[1].changes[1].at: must not be before the previous change has finished");
}

// web (4 replicas, 100m CPU request, 20m + 1m per request/s) behind an HPA
// with a 50% target; traffic jumps from 100 to 400 requests/s at T-6m.
std::unique_ptr<Simulation> HpaCluster(int max_replicas, const std::string& changes = "[{at: -6m, rps: 400}]") {
  std::string yaml = simtest::MiniScenarioYaml();
  yaml.replace(yaml.find("  - {service: web, namespace: shop, rps: 100}"),
               std::string("  - {service: web, namespace: shop, rps: 100}").size(),
               "  - {service: web, namespace: shop, rps: 100, changes: " + changes + "}");
  yaml.replace(yaml.find("workloads:"), 0,
               "  - apiVersion: autoscaling/v2\n"
               "    kind: HorizontalPodAutoscaler\n"
               "    metadata: {name: web, namespace: shop}\n"
               "    spec:\n"
               "      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
               "      minReplicas: 2\n"
               "      maxReplicas: " + std::to_string(max_replicas) + "\n"
               "      metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]\n");
  auto s = LoadScenarioText(yaml, "hpa.yaml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? simtest::CreateOrDie(*s) : nullptr;
}

const Json* ConditionOf(const Json& obj, const std::string& type) {
  for (const Json& c : obj["status"]["conditions"]) {
    if (c["type"] == type) return &c;
  }
  return nullptr;
}

TEST(HpaController, ScalesOnCpuAndStopsAtMaxReplicas) {
  auto sim = HpaCluster(5);
  ASSERT_NE(sim, nullptr);
  auto hpa = sim->cluster().Get("HorizontalPodAutoscaler", "shop", "web");
  ASSERT_TRUE(hpa.ok());
  EXPECT_EQ((*hpa)["status"]["currentReplicas"], 5);
  EXPECT_EQ((*hpa)["status"]["desiredReplicas"], 5);
  const Json* limited = ConditionOf(*hpa, "ScalingLimited");
  ASSERT_NE(limited, nullptr);
  EXPECT_EQ((*limited)["status"], "True");
  EXPECT_EQ((*limited)["reason"], "TooManyReplicas");
  EXPECT_EQ((*limited)["message"], "the desired replica count is more than the maximum replica count");
  const Json* active = ConditionOf(*hpa, "ScalingActive");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ((*active)["reason"], "ValidMetricFound");
  // 400 rps over 5 pods: 20m + 80m = 100% of the 100m request.
  const Json& cpu = (*hpa)["status"]["currentMetrics"][0]["resource"]["current"];
  EXPECT_NEAR(cpu["averageUtilization"].get<int>(), 100, 5);
  auto events = simtest::EventsFor(*sim, "shop", "web", "SuccessfulRescale");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["message"], "New size: 5; reason: cpu resource utilization (percentage of request) above target");
  EXPECT_EQ(events[0]["source"]["component"], "horizontal-pod-autoscaler");
  auto d = sim->cluster().Get("Deployment", "shop", "web");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["spec"]["replicas"], 5);
}

TEST(HpaController, RaisedMaxReplicasScalesOutAndLowersCpu) {
  auto sim = HpaCluster(5);
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster()
                  .Patch("HorizontalPodAutoscaler", "shop", "web", PatchType::kMerge,
                         Json{{"spec", {{"maxReplicas", 20}}}})
                  .ok());
  sim->AdvanceTo(sim->clock().Now() + 3 * kMin);
  auto hpa = sim->cluster().Get("HorizontalPodAutoscaler", "shop", "web");
  ASSERT_TRUE(hpa.ok());
  // 400 rps want 20m + 400m/n within the 0.1 tolerance of 50m per pod: n = 12.
  EXPECT_EQ((*hpa)["status"]["currentReplicas"], 12);
  EXPECT_EQ((*ConditionOf(*hpa, "ScalingLimited"))["status"], "False");
  EXPECT_EQ((*ConditionOf(*hpa, "ScalingLimited"))["reason"], "DesiredWithinRange");
  EXPECT_NEAR((*hpa)["status"]["currentMetrics"][0]["resource"]["current"]["averageUtilization"].get<int>(), 53, 3);
}

TEST(HpaController, ScalesDownOnlyAfterTheStabilizationWindow) {
  // The surge ends 30s after the alert: 40 requests/s want fewer replicas.
  auto sim = HpaCluster(5, "[{at: -6m, rps: 400}, {at: 30s, rps: 40}]");
  ASSERT_NE(sim, nullptr);
  sim->AdvanceTo(sim->clock().Now() + 4 * kMin);
  auto d = sim->cluster().Get("Deployment", "shop", "web");
  EXPECT_EQ((*d)["spec"]["replicas"], 5);
  auto hpa = sim->cluster().Get("HorizontalPodAutoscaler", "shop", "web");
  EXPECT_EQ((*ConditionOf(*hpa, "AbleToScale"))["reason"], "ScaleDownStabilized");
  sim->AdvanceTo(sim->clock().Now() + 2 * kMin);
  d = sim->cluster().Get("Deployment", "shop", "web");
  EXPECT_LT((*d)["spec"]["replicas"].get<int>(), 5);
  auto events = simtest::EventsFor(*sim, "shop", "web", "SuccessfulRescale");
  bool down = false;
  for (const Json& e : events) down = down || JsonString(e, "message").find("All metrics below target") != std::string::npos;
  EXPECT_TRUE(down);
}

}  // namespace
}  // namespace kf
