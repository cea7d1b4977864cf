// The node lifecycle controller and taint eviction: a node whose kubelet
// stopped is marked Unknown after the 40s grace period, tainted
// unreachable (NoSchedule, NoExecute), its pods are marked not Ready; pods
// tolerating the taint for 300s (the default tolerations every pod gets)
// are marked for deletion after it and stay Terminating (no kubelet
// confirms), while the ReplicaSet replaces them on the other node; a pod
// tolerating it forever stays.
#include <gtest/gtest.h>

#include "engine/sim/node_lifecycle_controller.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

constexpr DurationMs kSec = 1000;

// n1 and n2 (both roomy); web (2 replicas) spreads over both; keeper runs
// on n1 and tolerates the unreachable taint forever. n1's kubelet stops at
// T0.
constexpr char kYaml[] = R"(name: nnr
prompt: test
seed: 5
alert_time: 2026-03-10T12:00:00Z
start: -10m
objects:
  - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
  - apiVersion: v1
    kind: Node
    metadata: {name: n1, labels: {kubernetes.io/hostname: n1}}
    status: {capacity: {cpu: "4", memory: 8Gi, pods: "110"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: n2, labels: {kubernetes.io/hostname: n2}}
    status: {capacity: {cpu: "4", memory: 8Gi, pods: "110"}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      replicas: 2
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - {name: web, image: web:1, resources: {requests: {cpu: 100m, memory: 256Mi}}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: keeper, namespace: shop}
    spec:
      replicas: 1
      selector: {matchLabels: {app: keeper}}
      template:
        metadata: {labels: {app: keeper}}
        spec:
          nodeSelector: {kubernetes.io/hostname: n1}
          tolerations:
            - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}
          containers:
            - {name: keeper, image: web:1, resources: {requests: {cpu: 100m, memory: 128Mi}}}
history:
  - at: 0s
    stop_kubelet: {node: n1}
workloads:
  - image: web:1
    pull: 1s
    memory: {startup: 100Mi, baseline: 100Mi}
)";

std::unique_ptr<Simulation> AtAlert() {
  auto s = LoadScenarioText(kYaml, "nnr.yaml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? simtest::CreateOrDie(*s) : nullptr;
}

using simtest::ConditionOf;

std::string ReadyOf(Simulation& sim, const std::string& node) {
  auto n = sim.cluster().Get("Node", "", node);
  EXPECT_TRUE(n.ok());
  const Json* c = n.ok() ? ConditionOf(*n, "Ready") : nullptr;
  return c != nullptr ? JsonString(*c, "status") : "";
}

// The web pod on n1 at the alert.
std::string WebPodOnN1(Simulation& sim) {
  for (const auto& [name, p] : simtest::Pods(sim, "shop", "app=web")) {
    if (p["spec"]["nodeName"] == "n1") return name;
  }
  return "";
}

TEST(NodeLifecycle, NotReadyOnlyAfterTheGracePeriod) {
  auto sim = AtAlert();
  ASSERT_NE(sim, nullptr);
  const UnixMillis t0 = sim->alert_time();
  sim->AdvanceTo(t0 + 35 * kSec);
  EXPECT_EQ(ReadyOf(*sim, "n1"), "True");
  sim->AdvanceTo(t0 + 40 * kSec);
  EXPECT_EQ(ReadyOf(*sim, "n1"), "Unknown");
  EXPECT_EQ(ReadyOf(*sim, "n2"), "True");
  auto n1 = sim->cluster().Get("Node", "", "n1");
  ASSERT_TRUE(n1.ok());
  for (const Json& c : (*n1)["status"]["conditions"]) {
    EXPECT_EQ(c["status"], "Unknown") << c.dump();
    EXPECT_EQ(c["reason"], "NodeStatusUnknown");
    EXPECT_EQ(c["message"], "Kubelet stopped posting node status.");
    EXPECT_EQ(c["lastTransitionTime"], FormatRfc3339(t0 + 40 * kSec));
  }
}

TEST(NodeLifecycle, UnreachableTaintsAndEvent) {
  auto sim = AtAlert();
  ASSERT_NE(sim, nullptr);
  sim->AdvanceTo(sim->alert_time() + kSec * 60);
  auto n1 = sim->cluster().Get("Node", "", "n1");
  ASSERT_TRUE(n1.ok());
  const Json& taints = (*n1)["spec"]["taints"];
  ASSERT_EQ(taints.size(), 2u);
  const std::string added = FormatRfc3339(sim->alert_time() + 40 * kSec);
  EXPECT_EQ(taints[0], (Json{{"key", "node.kubernetes.io/unreachable"}, {"effect", "NoSchedule"}, {"timeAdded", added}}));
  EXPECT_EQ(taints[1], (Json{{"key", "node.kubernetes.io/unreachable"}, {"effect", "NoExecute"}, {"timeAdded", added}}));
  auto events = simtest::EventsFor(*sim, "default", "n1", "NodeNotReady");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "Normal");
  EXPECT_EQ(events[0]["message"], "Node n1 status is now: NodeNotReady");
  EXPECT_EQ(events[0]["source"]["component"], "node-controller");
  auto n2 = sim->cluster().Get("Node", "", "n2");
  ASSERT_TRUE(n2.ok());
  EXPECT_FALSE((*n2)["spec"].contains("taints"));
}

TEST(NodeLifecycle, PodsMarkedNotReadyKeepTheirContainerStatus) {
  auto sim = AtAlert();
  ASSERT_NE(sim, nullptr);
  const std::string web = WebPodOnN1(*sim);
  ASSERT_FALSE(web.empty());
  sim->AdvanceTo(sim->alert_time() + 60 * kSec);
  auto pod = sim->cluster().Get("Pod", "shop", web);
  ASSERT_TRUE(pod.ok());
  EXPECT_EQ((*ConditionOf(*pod, "Ready"))["status"], "False");
  EXPECT_EQ((*pod)["status"]["phase"], "Running");
  EXPECT_EQ((*pod)["status"]["containerStatuses"][0]["ready"], true);  // the kubelet's last report
  auto events = simtest::EventsFor(*sim, "shop", web, "NodeNotReady");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "Warning");
  EXPECT_EQ(events[0]["message"], "Node is not ready");
}

TEST(NodeLifecycle, EveryPodGetsTheDefaultTolerations) {
  auto sim = AtAlert();
  ASSERT_NE(sim, nullptr);
  const Json want = {{"key", "node.kubernetes.io/not-ready"}, {"operator", "Exists"}, {"effect", "NoExecute"},
                     {"tolerationSeconds", 300}};
  for (const auto& [name, p] : simtest::Pods(*sim, "shop", "app=web")) {
    ASSERT_EQ(p["spec"]["tolerations"].size(), 2u) << name;
    EXPECT_EQ(p["spec"]["tolerations"][0], want) << name;
    EXPECT_EQ(p["spec"]["tolerations"][1]["key"], "node.kubernetes.io/unreachable") << name;
    EXPECT_EQ(p["spec"]["tolerations"][1]["tolerationSeconds"], 300) << name;
  }
  // keeper already tolerates unreachable (forever): only not-ready is added.
  auto keepers = simtest::Pods(*sim, "shop", "app=keeper");
  ASSERT_EQ(keepers.size(), 1u);
  const Json& tols = keepers.begin()->second["spec"]["tolerations"];
  ASSERT_EQ(tols.size(), 2u);
  EXPECT_FALSE(tols[0].contains("tolerationSeconds"));
  EXPECT_EQ(tols[1], want);
  EXPECT_EQ(sim::NoExecuteTolerationSeconds(keepers.begin()->second, "node.kubernetes.io/unreachable"), -1);
}

TEST(NodeLifecycle, TaintEvictionAfterTolerationSecondsKeepsPodsTerminating) {
  auto sim = AtAlert();
  ASSERT_NE(sim, nullptr);
  const std::string web = WebPodOnN1(*sim);
  ASSERT_FALSE(web.empty());
  const UnixMillis tainted = sim->alert_time() + 40 * kSec;
  sim->AdvanceTo(tainted + 299 * kSec);
  auto pod = sim->cluster().Get("Pod", "shop", web);
  ASSERT_TRUE(pod.ok());
  EXPECT_FALSE((*pod)["metadata"].contains("deletionTimestamp"));
  sim->AdvanceTo(tainted + 300 * kSec);
  pod = sim->cluster().Get("Pod", "shop", web);
  ASSERT_TRUE(pod.ok());
  EXPECT_EQ((*pod)["metadata"]["deletionTimestamp"], FormatRfc3339(tainted + 330 * kSec));
  EXPECT_EQ((*pod)["metadata"]["deletionGracePeriodSeconds"], 30);
  const Json* target = ConditionOf(*pod, "DisruptionTarget");
  ASSERT_NE(target, nullptr);
  EXPECT_EQ((*target)["reason"], "DeletionByTaintManager");
  EXPECT_EQ((*target)["message"], "Taint manager: deleting due to NoExecute taint");
  auto events = simtest::EventsFor(*sim, "shop", web, "TaintManagerEviction");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["message"], "Marking for deletion Pod shop/" + web);
  EXPECT_EQ(events[0]["source"]["component"], "taint-eviction-controller");
  // Half an hour on: still there (no kubelet confirms), not replaced twice.
  sim->AdvanceTo(tainted + 30 * 60 * kSec);
  pod = sim->cluster().Get("Pod", "shop", web);
  ASSERT_TRUE(pod.ok());
  EXPECT_TRUE((*pod)["metadata"].contains("deletionTimestamp"));
  auto pods = simtest::Pods(*sim, "shop", "app=web");
  EXPECT_EQ(pods.size(), 3u);
  // The one tolerating the taint forever is not touched.
  for (const auto& [name, p] : simtest::Pods(*sim, "shop", "app=keeper")) {
    EXPECT_FALSE(p["metadata"].contains("deletionTimestamp")) << name;
  }
}

TEST(NodeLifecycle, ReplacementRunsOnTheOtherNode) {
  auto sim = AtAlert();
  ASSERT_NE(sim, nullptr);
  const std::string web = WebPodOnN1(*sim);
  sim->AdvanceTo(sim->alert_time() + 400 * kSec);
  int ready_on_n2 = 0;
  for (const auto& [name, p] : simtest::Pods(*sim, "shop", "app=web")) {
    if (name == web) continue;
    EXPECT_EQ(p["spec"]["nodeName"], "n2") << name;
    const Json* ready = ConditionOf(p, "Ready");
    ready_on_n2 += ready != nullptr && (*ready)["status"] == "True" ? 1 : 0;
  }
  EXPECT_EQ(ready_on_n2, 2);
  auto rs_list = sim->cluster().List("ReplicaSet", "shop", ListOptions{"app=web", ""});
  ASSERT_TRUE(rs_list.ok());
  ASSERT_EQ((*rs_list)["items"].size(), 1u);
  EXPECT_EQ((*rs_list)["items"][0]["status"]["replicas"], 2);  // the Terminating pod does not count
}

TEST(NodeLifecycle, StoppedKubeletUnknownNodeIsAnError) {
  std::string yaml = kYaml;
  yaml.replace(yaml.find("stop_kubelet: {node: n1}"), 24, "stop_kubelet: {node: nx}");
  auto s = LoadScenarioText(yaml, "nnr.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto sim = Simulation::Create(*s);
  ASSERT_FALSE(sim.ok());
  EXPECT_NE(sim.status().message().find("history[0]: nodes \"nx\" not found"), std::string::npos)
      << sim.status().message();
}

}  // namespace
}  // namespace kf
