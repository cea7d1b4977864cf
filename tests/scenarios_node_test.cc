// The node (memory pressure, NotReady) and autoscaling scenarios: each loads, shows the evidence a real
// cluster shows before any fix, and the builtin agent finds the root cause
// from that evidence, executes an acceptable fix and verifies honestly;
// afterwards the scenario's success conditions hold on the final cluster.
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

constexpr DurationMs kMin = 60 * 1000;

using simtest::ConditionOf;

std::string P99(const std::string& service, const std::string& window, const std::string& offset = "") {
  return "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service=\"" + service +
         "\"}[" + window + "]" + (offset.empty() ? "" : " offset " + offset) + ")))";
}

// ------------------------------------------------------------------ hpa-max

TEST(NodeScenarios, HpaAtMaxEvidenceBeforeTheFix) {
  auto sim = AtAlert("booking-api-hpa-at-max");
  ASSERT_NE(sim, nullptr);
  auto hpa = sim->cluster().Get("HorizontalPodAutoscaler", "travel", "booking-api");
  ASSERT_TRUE(hpa.ok());
  EXPECT_EQ((*hpa)["spec"]["maxReplicas"], 6);
  EXPECT_EQ((*hpa)["status"]["currentReplicas"], 6);
  EXPECT_EQ((*hpa)["status"]["desiredReplicas"], 6);
  const Json* limited = ConditionOf(*hpa, "ScalingLimited");
  ASSERT_NE(limited, nullptr);
  EXPECT_EQ((*limited)["status"], "True");
  EXPECT_EQ((*limited)["reason"], "TooManyReplicas");
  EXPECT_EQ((*limited)["message"], "the desired replica count is more than the maximum replica count");
  const int util = (*hpa)["status"]["currentMetrics"][0]["resource"]["current"]["averageUtilization"];
  EXPECT_GE(util, 75);
  EXPECT_LE(util, 85);
  // The HPA scaled 3 → 6 as the traffic grew, each step an event.
  std::vector<std::string> sizes;
  for (const Json& e : simtest::EventsFor(*sim, "travel", "booking-api", "SuccessfulRescale")) {
    sizes.push_back(JsonString(e, "message"));
  }
  EXPECT_NE(std::find(sizes.begin(), sizes.end(),
                      "New size: 6; reason: cpu resource utilization (percentage of request) above target"),
            sizes.end());
  // Six healthy pods, no restarts, no throttling: only latency is wrong.
  auto pods = simtest::Pods(*sim, "travel", "app=booking-api");
  EXPECT_EQ(pods.size(), 6u);
  for (const auto& [name, p] : pods) {
    EXPECT_TRUE(IsReady(p)) << name;
    EXPECT_EQ(simtest::Restarts(p), 0) << name;
  }
  EXPECT_LT(PromValue(*sim, "max(rate(container_cpu_cfs_throttled_periods_total{namespace=\"travel\"}[5m]))"), 0.01);
  const double p99 = PromValue(*sim, P99("booking-api", "5m"));
  const double before = PromValue(*sim, P99("booking-api", "5m", "30m"));
  EXPECT_GT(p99, 0.9);
  EXPECT_LT(before, 0.3);
}

TEST(NodeScenarios, HpaAtMaxScalingTheDeploymentByHandDoesNotHold) {
  auto sim = AtAlert("booking-api-hpa-at-max");
  ASSERT_NE(sim, nullptr);
  ASSERT_TRUE(sim->cluster()
                  .Patch("Deployment", "travel", "booking-api", PatchType::kMerge, Json{{"spec", {{"replicas", 9}}}})
                  .ok());
  sim->AdvanceTo(sim->clock().Now() + kMin);
  auto d = sim->cluster().Get("Deployment", "travel", "booking-api");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["spec"]["replicas"], 6);
}

TEST(NodeScenarios, HpaAtMaxAgentRaisesMaxReplicas) {
  auto run = ExpectSolved("booking-api-hpa-at-max", "hpa-max", "horizontalpodautoscaler/booking-api", "travel",
                          "kubernetes.patch_resource");
  ASSERT_NE(run.simulation, nullptr);
  const Step* x = Executed(run.result.transcript);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->call.args["kind"], "hpa");
  EXPECT_GE(x->call.args["patch"]["spec"]["maxReplicas"].get<int>(), 8);
  Simulation& sim = *run.simulation;
  auto hpa = sim.cluster().Get("HorizontalPodAutoscaler", "travel", "booking-api");
  ASSERT_TRUE(hpa.ok());
  EXPECT_GE((*hpa)["status"]["currentReplicas"].get<int>(), 8);
  EXPECT_EQ((*ConditionOf(*hpa, "ScalingLimited"))["status"], "False");
  ASSERT_GT(simtest::WaitForRollout(sim, "travel", "booking-api", kMin), 0);
  for (const auto& [name, p] : simtest::Pods(sim, "travel", "app=booking-api")) {
    EXPECT_TRUE(IsReady(p)) << name;
    EXPECT_EQ(simtest::Restarts(p), 0) << name;
  }
  EXPECT_LT(PromValue(sim, P99("booking-api", "2m")), 0.33);
}

// ------------------------------------------------------------ node-pressure

std::vector<Json> Evicted(Simulation& sim) {
  std::vector<Json> out;
  for (const auto& [name, p] : simtest::Pods(sim, "marketplace", "app=listing-api")) {
    if (JsonString(p["status"], "reason") == "Evicted") out.push_back(p);
  }
  return out;
}

TEST(NodeScenarios, NodePressureEvidenceBeforeTheFix) {
  auto sim = AtAlert("listing-api-node-memory-pressure");
  ASSERT_NE(sim, nullptr);
  const std::vector<Json> evicted = Evicted(*sim);
  ASSERT_EQ(evicted.size(), 2u);
  for (const Json& p : evicted) {
    const std::string name = p["metadata"]["name"];
    EXPECT_EQ(p["spec"]["nodeName"], "mk-node-2") << name;
    EXPECT_EQ(p["status"]["phase"], "Failed") << name;
    const std::string msg = p["status"]["message"];
    EXPECT_EQ(msg.rfind("The node was low on resource: memory. Threshold quantity: 100Mi, available: ", 0), 0u) << msg;
    EXPECT_NE(msg.find("Ki. Container listing-api was using "), std::string::npos) << msg;
    EXPECT_NE(msg.find(", request is 512Mi, has larger consumption of memory. "), std::string::npos) << msg;
    auto events = simtest::EventsFor(*sim, "marketplace", name, "Evicted");
    ASSERT_EQ(events.size(), 1u) << name;
    EXPECT_EQ(events[0]["type"], "Warning");
    EXPECT_EQ(events[0]["message"], msg);
  }
  // Replaced: four listing-api pods run, none on the starved node.
  int running = 0;
  for (const auto& [name, p] : simtest::Pods(*sim, "marketplace", "app=listing-api")) {
    if (JsonString(p["status"], "reason") == "Evicted") continue;
    ++running;
    EXPECT_TRUE(IsReady(p)) << name;
    EXPECT_NE(p["spec"]["nodeName"], "mk-node-2") << name;
  }
  EXPECT_EQ(running, 4);
  auto node = sim->cluster().Get("Node", "", "mk-node-2");
  ASSERT_TRUE(node.ok());
  const Json* pressure = ConditionOf(*node, "MemoryPressure");
  ASSERT_NE(pressure, nullptr);
  EXPECT_EQ((*pressure)["status"], "True");
  EXPECT_EQ((*pressure)["reason"], "KubeletHasInsufficientMemory");
  EXPECT_EQ((*node)["spec"]["taints"][0]["key"], "node.kubernetes.io/memory-pressure");
  EXPECT_EQ((*node)["spec"]["taints"][0]["effect"], "NoSchedule");
  auto threshold = simtest::EventsFor(*sim, "default", "mk-node-2", "EvictionThresholdMet");
  ASSERT_EQ(threshold.size(), 1u);
  EXPECT_EQ(threshold[0]["message"], "Attempting to reclaim memory");
  // The culprit, with the higher priority, still runs there.
  auto workers = simtest::Pods(*sim, "data-pipeline", "app=ingest-worker");
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers.begin()->second["spec"]["nodeName"], "mk-node-2");
  EXPECT_EQ(workers.begin()->second["status"]["phase"], "Running");
  // Each eviction dropped the requests in flight.
  EXPECT_GT(PromValue(*sim, "sum(increase(http_requests_total{service=\"listing-api\",code=\"502\"}[20m]))"), 0);
}

TEST(NodeScenarios, NodePressureAgentLimitsTheNeighbour) {
  auto run = ExpectSolved("listing-api-node-memory-pressure", "node-pressure", "deployment/ingest-worker",
                          "data-pipeline", "kubernetes.patch_resource");
  ASSERT_NE(run.simulation, nullptr);
  const Step* x = Executed(run.result.transcript);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->call.args["namespace"], "data-pipeline");
  EXPECT_EQ(x->call.args["name"], "ingest-worker");
  Simulation& sim = *run.simulation;
  auto d = sim.cluster().Get("Deployment", "data-pipeline", "ingest-worker");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"], "2Gi");
  // The service: the two Evicted pods stay as history; four run, Ready.
  EXPECT_EQ(Evicted(sim).size(), 2u);
  int ready = 0;
  for (const auto& [name, p] : simtest::Pods(sim, "marketplace", "app=listing-api")) {
    if (JsonString(p["status"], "reason") != "Evicted") ready += IsReady(p) ? 1 : 0;
  }
  EXPECT_EQ(ready, 4);
  EXPECT_LT(PromValue(sim, "sum(container_memory_working_set_bytes{node=\"mk-node-2\",container!=\"\"})"),
            6.0 * (1 << 30));
  // Ten minutes on, the node has recovered and nothing else was evicted.
  sim.AdvanceTo(sim.clock().Now() + 10 * kMin);
  auto node = sim.cluster().Get("Node", "", "mk-node-2");
  ASSERT_TRUE(node.ok());
  EXPECT_EQ((*ConditionOf(*node, "MemoryPressure"))["status"], "False");
  EXPECT_FALSE((*node)["spec"].contains("taints"));
  EXPECT_EQ(Evicted(sim).size(), 2u);
}

// ----------------------------------------------------------- node-not-ready

// quote-api's pods, split into the ones stuck Terminating and the current ones.
struct QuotePods {
  std::vector<Json> terminating, current;
};
QuotePods QuoteApiPods(Simulation& sim) {
  QuotePods out;
  for (const auto& [name, p] : simtest::Pods(sim, "pricing", "app=quote-api")) {
    (JsonAtPath(p, "metadata.deletionTimestamp") != nullptr ? out.terminating : out.current).push_back(p);
  }
  return out;
}

TEST(NodeScenarios, NodeNotReadyEvidenceBeforeTheFix) {
  auto sim = AtAlert("quote-api-node-not-ready");
  ASSERT_NE(sim, nullptr);
  // The node: every condition Unknown, tainted unreachable.
  auto node = sim->cluster().Get("Node", "", "pr-node-3");
  ASSERT_TRUE(node.ok());
  for (const Json& c : (*node)["status"]["conditions"]) {
    EXPECT_EQ(c["status"], "Unknown") << c.dump();
    EXPECT_EQ(c["reason"], "NodeStatusUnknown");
    EXPECT_EQ(c["message"], "Kubelet stopped posting node status.");
  }
  ASSERT_EQ((*node)["spec"]["taints"].size(), 2u);
  EXPECT_EQ((*node)["spec"]["taints"][0]["key"], "node.kubernetes.io/unreachable");
  EXPECT_EQ((*node)["spec"]["taints"][0]["effect"], "NoSchedule");
  EXPECT_EQ((*node)["spec"]["taints"][1]["effect"], "NoExecute");
  auto not_ready = simtest::EventsFor(*sim, "default", "pr-node-3", "NodeNotReady");
  ASSERT_EQ(not_ready.size(), 1u);
  EXPECT_EQ(not_ready[0]["message"], "Node pr-node-3 status is now: NodeNotReady");
  EXPECT_EQ(not_ready[0]["source"]["component"], "node-controller");
  // Its two quote-api pods: Ready False, marked for deletion, kept (Terminating).
  QuotePods pods = QuoteApiPods(*sim);
  ASSERT_EQ(pods.terminating.size(), 2u);
  for (const Json& p : pods.terminating) {
    const std::string name = p["metadata"]["name"];
    EXPECT_EQ(p["spec"]["nodeName"], "pr-node-3") << name;
    EXPECT_EQ((*ConditionOf(p, "Ready"))["status"], "False") << name;
    EXPECT_EQ((*ConditionOf(p, "DisruptionTarget"))["reason"], "DeletionByTaintManager") << name;
    EXPECT_EQ(p["metadata"]["deletionGracePeriodSeconds"], 30) << name;
    auto ev = simtest::EventsFor(*sim, "pricing", name, "TaintManagerEviction");
    ASSERT_EQ(ev.size(), 1u) << name;
    EXPECT_EQ(ev[0]["message"], "Marking for deletion Pod pricing/" + name);
  }
  // Replacements: four current pods Ready elsewhere, two Pending.
  int ready = 0, pending = 0;
  for (const Json& p : pods.current) {
    const std::string name = p["metadata"]["name"];
    if (p["status"]["phase"] == "Pending") {
      ++pending;
      auto fs = simtest::EventsFor(*sim, "pricing", name, "FailedScheduling");
      ASSERT_FALSE(fs.empty()) << name;
      EXPECT_EQ(fs.back()["message"],
                "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, "
                "2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for "
                "scheduling, 2 No preemption victims found for incoming pod.");
    } else {
      ready += IsReady(p) ? 1 : 0;
      EXPECT_NE(p["spec"]["nodeName"], "pr-node-3") << name;
    }
  }
  EXPECT_EQ(ready, 4);
  EXPECT_EQ(pending, 2);
  auto ep = sim->cluster().Get("Endpoints", "pricing", "quote-api");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ((*ep)["subsets"][0]["addresses"].size(), 4u);
  // Four pods carry six pods' traffic: p99 up from the baseline.
  EXPECT_GT(PromValue(*sim, P99("quote-api", "5m")), 2 * PromValue(*sim, P99("quote-api", "5m", "30m")));
}

TEST(NodeScenarios, NodeNotReadyAgentFreesRoomForTheReplacements) {
  auto run = ExpectSolved("quote-api-node-not-ready", "node-not-ready", "node/pr-node-3", "", "kubernetes.scale");
  ASSERT_NE(run.simulation, nullptr);
  const Step* x = Executed(run.result.transcript);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->call.args["namespace"], "analytics");
  EXPECT_EQ(x->call.args["name"], "report-builder");
  EXPECT_EQ(x->call.args["replicas"], 0);
  Simulation& sim = *run.simulation;
  // Six current pods Ready, in the endpoints; the two on the dead node stay Terminating.
  QuotePods pods = QuoteApiPods(sim);
  EXPECT_EQ(pods.terminating.size(), 2u);
  ASSERT_EQ(pods.current.size(), 6u);
  for (const Json& p : pods.current) EXPECT_TRUE(IsReady(p)) << p["metadata"]["name"];
  auto ep = sim.cluster().Get("Endpoints", "pricing", "quote-api");
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ((*ep)["subsets"][0]["addresses"].size(), 6u);
  EXPECT_TRUE(RolloutComplete(sim, "pricing", "quote-api"));
  // Nothing was done to the node.
  auto node = sim.cluster().Get("Node", "", "pr-node-3");
  ASSERT_TRUE(node.ok());
  EXPECT_EQ((*ConditionOf(*node, "Ready"))["status"], "Unknown");
  // The verification reports the stuck pods honestly.
  const Step* v = Find(run.result.transcript, Step::Kind::kVerification);
  ASSERT_NE(v, nullptr);
  EXPECT_NE(v->verification.checks[0].evidence.find("2 pods still Terminating on node/pr-node-3"), std::string::npos)
      << v->verification.checks[0].evidence;
}

TEST(NodeScenarios, SameSeedSameObjects) {
  for (const char* name : {"booking-api-hpa-at-max", "listing-api-node-memory-pressure", "quote-api-node-not-ready"}) {
    Scenario s = simtest::LoadOrDie(std::string("scenarios/") + name + ".yaml");
    auto a = simtest::CreateOrDie(s);
    auto b = simtest::CreateOrDie(s);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->DumpObjects().dump(), b->DumpObjects().dump()) << name;
  }
}

}  // namespace
}  // namespace kf
