// Node-pressure eviction: a pod without a memory limit grows until the pods'
// working sets exceed the node's allocatable memory; the kubelet reports
// MemoryPressure, the node is tainted, and the pod most over its request
// among the lowest priority is evicted (Failed, reason Evicted, the
// kubelet's message) and replaced elsewhere. The pressure clears 5 minutes
// after the threshold was last met.
#include <gtest/gtest.h>

#include "tests/sim_testing.h"

namespace kf {
namespace {

constexpr DurationMs kMin = 60 * 1000;

// node-small (3Gi allocatable) runs web (256Mi request, ~1Gi used) and
// leaky (512Mi request, no limit, +4Gi/h, PriorityClass value 1000): the
// threshold is first met about 2.5 minutes before the alert;
// node-big has room for a replacement.
constexpr char kYaml[] = R"(name: evict
prompt: test
seed: 3
alert_time: 2026-03-10T12:00:00Z
start: -25m
objects:
  - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
  - {apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, metadata: {name: important}, value: 1000}
  - apiVersion: v1
    kind: Node
    metadata: {name: node-small}
    status: {capacity: {cpu: "4", memory: 4Gi, pods: "110"}, allocatable: {cpu: "4", memory: 3Gi, pods: "110"}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      replicas: 1
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - {name: web, image: big:1, resources: {requests: {cpu: 100m, memory: 256Mi}}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: leaky, namespace: shop}
    spec:
      replicas: 1
      selector: {matchLabels: {app: leaky}}
      template:
        metadata: {labels: {app: leaky}}
        spec:
          priorityClassName: important
          containers:
            - {name: leaky, image: leak:2, resources: {requests: {cpu: 100m, memory: 512Mi}}}
history:
  - at: -20m
    apply:
      apiVersion: v1
      kind: Node
      metadata: {name: node-big}
      status: {capacity: {cpu: "8", memory: 32Gi, pods: "110"}}
workloads:
  - image: big:1
    pull: 1s
    memory: {startup: 1Gi, baseline: 1Gi}
  - image: leak:2
    pull: 1s
    memory: {startup: 500Mi, baseline: 500Mi, growth_per_hour: 4Gi}
)";

std::unique_ptr<Simulation> AtAlert() {
  auto s = LoadScenarioText(kYaml, "evict.yaml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? simtest::CreateOrDie(*s) : nullptr;
}

const Json* ConditionOf(const Json& obj, const std::string& type) {
  for (const Json& c : obj["status"]["conditions"]) {
    if (c["type"] == type) return &c;
  }
  return nullptr;
}

TEST(Eviction, NodeUnderMemoryPressureEvictsThePodMostOverItsRequest) {
  auto sim = AtAlert();
  ASSERT_NE(sim, nullptr);
  auto node = sim->cluster().Get("Node", "", "node-small");
  ASSERT_TRUE(node.ok());
  const Json* pressure = ConditionOf(*node, "MemoryPressure");
  ASSERT_NE(pressure, nullptr);
  EXPECT_EQ((*pressure)["status"], "True");
  EXPECT_EQ((*pressure)["reason"], "KubeletHasInsufficientMemory");
  EXPECT_EQ((*pressure)["message"], "kubelet has insufficient memory available");
  EXPECT_EQ((*node)["spec"]["taints"], Json::parse(R"([{"key":"node.kubernetes.io/memory-pressure","effect":"NoSchedule"}])"));
  auto threshold = simtest::EventsFor(*sim, "default", "node-small", "EvictionThresholdMet");
  ASSERT_EQ(threshold.size(), 1u);
  EXPECT_EQ(threshold[0]["message"], "Attempting to reclaim memory");
  EXPECT_EQ(threshold[0]["type"], "Warning");

  auto web = simtest::Pods(*sim, "shop", "app=web");
  ASSERT_EQ(web.size(), 2u);
  int evicted = 0;
  for (const auto& [name, p] : web) {
    if (JsonString(p["status"], "reason") != "Evicted") {
      EXPECT_EQ(p["spec"]["nodeName"], "node-big") << name;
      EXPECT_EQ(p["status"]["phase"], "Running") << name;
      continue;
    }
    ++evicted;
    EXPECT_EQ(p["spec"]["nodeName"], "node-small");
    EXPECT_EQ(p["status"]["phase"], "Failed");
    const std::string msg = JsonString(p["status"], "message");
    EXPECT_EQ(msg.rfind("The node was low on resource: memory. Threshold quantity: 100Mi, available: ", 0), 0u) << msg;
    EXPECT_NE(msg.find("Ki. Container web was using 1Gi, request is 256Mi, has larger consumption of memory. "),
              std::string::npos)
        << msg;
    const Json* disruption = ConditionOf(p, "DisruptionTarget");
    ASSERT_NE(disruption, nullptr);
    EXPECT_EQ((*disruption)["reason"], "TerminationByKubelet");
    EXPECT_EQ((*ConditionOf(p, "Ready"))["status"], "False");
    auto events = simtest::EventsFor(*sim, "shop", name, "Evicted");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["message"], msg);
    EXPECT_EQ(events[0]["type"], "Warning");
  }
  EXPECT_EQ(evicted, 1);
  // The culprit runs on: it has the higher priority.
  auto leaky = simtest::Pods(*sim, "shop", "app=leaky");
  ASSERT_EQ(leaky.size(), 1u);
  EXPECT_EQ(leaky.begin()->second["status"]["phase"], "Running");
}

TEST(Eviction, PressureClearsFiveMinutesAfterTheLastThreshold) {
  auto sim = AtAlert();
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster()
                  .Patch("Deployment", "shop", "leaky", PatchType::kMerge, Json{{"spec", {{"replicas", 0}}}})
                  .ok());
  // The eviction was the last time the threshold was met.
  UnixMillis evicted_at = 0;
  for (const auto& [name, p] : simtest::Pods(*sim, "shop", "app=web")) {
    if (const Json* c = ConditionOf(p, "DisruptionTarget")) ParseRfc3339(JsonString(*c, "lastTransitionTime"), &evicted_at);
  }
  ASSERT_GT(evicted_at, 0);
  sim->AdvanceTo(evicted_at + 4 * kMin);
  auto node = sim->cluster().Get("Node", "", "node-small");
  EXPECT_EQ((*ConditionOf(*node, "MemoryPressure"))["status"], "True");
  sim->AdvanceTo(evicted_at + 5 * kMin + 20000);
  node = sim->cluster().Get("Node", "", "node-small");
  EXPECT_EQ((*ConditionOf(*node, "MemoryPressure"))["status"], "False");
  EXPECT_EQ((*ConditionOf(*node, "MemoryPressure"))["reason"], "KubeletHasSufficientMemory");
  EXPECT_FALSE((*node)["spec"].contains("taints"));
  auto back = simtest::EventsFor(*sim, "default", "node-small", "NodeHasSufficientMemory");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0]["message"], "Node node-small status is now: NodeHasSufficientMemory");
}

}  // namespace
}  // namespace kf
