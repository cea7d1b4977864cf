// The scheduling/admission scenarios: each shows the evidence a real cluster
// shows before any fix, and the builtin agent finds the root cause from that
// evidence, executes an acceptable fix and verifies honestly; afterwards the
// scenario's success conditions hold on the final simulation.
#include <gtest/gtest.h>

#include <map>

#include "engine/agent/approval_gate.h"
#include "engine/agent/run_scenario.h"
#include "engine/core/strings.h"
#include "engine/tools/render/pod_status.h"
#include "tests/scenario_testing.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

using namespace scenario_testing;  // NOLINT(build/namespaces)

using agent::RunOutcome;
using agent::Step;

// The condition of `type` in obj's status.conditions; null JSON when absent.
Json ConditionOf(const Json& obj, const std::string& type) {
  for (const Json& c : obj["status"].value("conditions", Json::array())) {
    if (JsonString(c, "type") == type) return c;
  }
  return nullptr;
}

// Runs the agent; checks the assessment's category and object, that a
// rollout undo to `revision` was executed and that verification passed.
agent::ScenarioRun ExpectRolledBack(const std::string& name, const std::string& category,
                                    const std::string& resource, const std::string& ns, int revision) {
  agent::ScenarioRun run = ExpectSolved(name, category, resource, ns, "kubernetes.rollout_undo");
  if (const Step* x = Executed(run.result.transcript)) {
    EXPECT_EQ(x->call.args.value("to_revision", 0), revision);
  }
  return run;
}

// ---------------------------------------------------- insufficient-resources

constexpr char kIngester[] = "event-ingester-insufficient-resources";

TEST(SchedScenarios, InsufficientResourcesEvidenceBeforeTheFix) {
  auto sim = AtAlert(kIngester);
  ASSERT_NE(sim, nullptr);
  auto pods = simtest::Pods(*sim, "telemetry", "app=event-ingester");
  ASSERT_EQ(pods.size(), 5u);  // 3 old serving, 2 new Pending
  const std::string msg =
      "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No "
      "preemption victims found for incoming pod.";
  for (const char* stuck : {"event-ingester-75c4d9f6b-j6nrp", "event-ingester-75c4d9f6b-w3c8v"}) {
    const Json& p = pods.at(stuck);
    EXPECT_EQ(p["status"]["phase"], "Pending") << stuck;
    EXPECT_FALSE(p["spec"].contains("nodeName")) << stuck;
    const Json cond = ConditionOf(p, "PodScheduled");
    EXPECT_EQ(cond["status"], "False") << stuck;
    EXPECT_EQ(cond["reason"], "Unschedulable") << stuck;
    EXPECT_EQ(cond["message"], msg) << stuck;
    auto events = simtest::EventsFor(*sim, "telemetry", stuck, "FailedScheduling");
    ASSERT_EQ(events.size(), 1u) << stuck;
    EXPECT_EQ(events[0]["message"], msg);
    EXPECT_EQ(events[0]["type"], "Warning");
    EXPECT_EQ(events[0]["source"]["component"], "default-scheduler");
  }
  int ready = 0;
  for (const auto& [name, p] : pods) ready += IsReady(p) ? 1 : 0;
  EXPECT_EQ(ready, 3);
  EXPECT_FALSE(RolloutComplete(*sim, "telemetry", "event-ingester"));
  auto d = sim->cluster().Get("Deployment", "telemetry", "event-ingester");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["memory"], "20Gi");
  EXPECT_EQ(JsonInt((*d)["status"], "unavailableReplicas"), 1);
}

TEST(SchedScenarios, InsufficientResourcesAgentRollsBack) {
  auto run = ExpectRolledBack(kIngester, "insufficient-resources", "deployment/event-ingester", "telemetry", 8);
  ASSERT_NE(run.simulation, nullptr);
  Simulation& sim = *run.simulation;
  EXPECT_TRUE(RolloutComplete(sim, "telemetry", "event-ingester"));
  ExpectPodsHealthy(sim, "telemetry", "app=event-ingester", 4);
  auto d = sim.cluster().Get("Deployment", "telemetry", "event-ingester");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["memory"], "2Gi");
}

// --------------------------------------------------------------------- quota

constexpr char kAvailability[] = "availability-api-quota-blocks-rollout";
constexpr char kQuotaError[] =
    "pods \"availability-api-5f7b8c4d96-\" is forbidden: exceeded quota: compute, requested: "
    "requests.memory=1Gi, used: requests.memory=3Gi, limited: requests.memory=3584Mi";

TEST(SchedScenarios, QuotaEvidenceBeforeTheFix) {
  auto sim = AtAlert(kAvailability);
  ASSERT_NE(sim, nullptr);
  // One event per distinct message: the quota is hit at 3Gi used (before the
  // old ReplicaSet scaled down, and again at the end) and at 3584Mi (right
  // after the first new pod was admitted).
  auto events = simtest::EventsFor(*sim, "bookings", "availability-api-5f7b8c4d96", "FailedCreate");
  std::map<std::string, int64_t> counts;
  for (const Json& e : events) {
    EXPECT_EQ(e["type"], "Warning");
    EXPECT_EQ(e["source"]["component"], "replicaset-controller");
    counts[JsonString(e, "message")] = JsonInt(e, "count");
  }
  const std::string at_3584 =
      "Error creating: pods \"availability-api-5f7b8c4d96-\" is forbidden: exceeded quota: compute, requested: "
      "requests.memory=1Gi, used: requests.memory=3584Mi, limited: requests.memory=3584Mi";
  EXPECT_EQ(counts.size(), 2u);
  EXPECT_GT(counts[std::string("Error creating: ") + kQuotaError], 3);  // retried with back-off
  EXPECT_GE(counts[at_3584], 1);

  auto rs = sim->cluster().Get("ReplicaSet", "bookings", "availability-api-5f7b8c4d96");
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(ConditionOf(*rs, "ReplicaFailure")["message"], kQuotaError);
  auto d = sim->cluster().Get("Deployment", "bookings", "availability-api");
  ASSERT_TRUE(d.ok());
  const Json failure = ConditionOf(*d, "ReplicaFailure");
  EXPECT_EQ(failure["status"], "True");
  EXPECT_EQ(failure["reason"], "FailedCreate");
  EXPECT_EQ(failure["message"], kQuotaError);
  EXPECT_EQ(JsonInt((*d)["status"], "availableReplicas"), 3);
  EXPECT_FALSE(RolloutComplete(*sim, "bookings", "availability-api"));

  auto q = sim->cluster().Get("ResourceQuota", "bookings", "compute");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)["status"]["hard"]["requests.memory"], "3584Mi");
  EXPECT_EQ((*q)["status"]["used"]["requests.memory"], "3Gi");
  EXPECT_EQ((*q)["status"]["used"]["pods"], "4");
  // Every pod that exists runs: nothing Pending, the quota stopped the rest.
  auto pods = simtest::Pods(*sim, "bookings", "app=availability-api");
  ASSERT_EQ(pods.size(), 3u);
  for (const auto& [name, p] : pods) EXPECT_TRUE(IsReady(p)) << name;
}

TEST(SchedScenarios, QuotaAgentRollsBackAndLeavesTheQuota) {
  auto run = ExpectRolledBack(kAvailability, "quota", "deployment/availability-api", "bookings", 5);
  ASSERT_NE(run.simulation, nullptr);
  Simulation& sim = *run.simulation;
  EXPECT_TRUE(RolloutComplete(sim, "bookings", "availability-api"));
  ExpectPodsHealthy(sim, "bookings", "app=availability-api", 4);
  auto q = sim.cluster().Get("ResourceQuota", "bookings", "compute");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)["spec"]["hard"]["requests.memory"], "3584Mi");
  EXPECT_EQ((*q)["status"]["used"]["requests.memory"], "3Gi");
  auto d = sim.cluster().Get("Deployment", "bookings", "availability-api");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(ConditionOf(*d, "ReplicaFailure").is_null());
  // No executed step touched the quota.
  for (const Step& s : run.result.transcript) {
    if (s.by_engine) {
      EXPECT_NE(ToLower(JsonString(s.call.args, "kind")), "resourcequota");
    }
  }
}

// ------------------------------------------------------------ init-dependency

constexpr char kOrderApi[] = "order-api-init-waits-for-missing-service";

TEST(SchedScenarios, InitDependencyEvidenceBeforeTheFix) {
  auto sim = AtAlert(kOrderApi);
  ASSERT_NE(sim, nullptr);
  auto pods = simtest::Pods(*sim, "orders", "app=order-api");
  ASSERT_EQ(pods.size(), 4u);
  const std::string stuck = "order-api-85f6c4d9b7-g5v3n";
  const Json& p = pods.at(stuck);
  EXPECT_EQ(p["status"]["phase"], "Pending");
  EXPECT_EQ(render::ComputePodRow(p, sim->clock().Now()).status, "Init:0/1");
  EXPECT_EQ(render::ComputePodRow(p, sim->clock().Now()).ready, "0/1");
  const Json init = ConditionOf(p, "Initialized");
  EXPECT_EQ(init["status"], "False");
  EXPECT_EQ(init["reason"], "ContainersNotInitialized");
  EXPECT_EQ(init["message"], "containers with incomplete status: [wait-for-db]");
  EXPECT_TRUE(p["status"]["initContainerStatuses"][0]["state"].contains("running"));
  EXPECT_EQ(p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"], "PodInitializing");
  // The init container's own logs say what it waits for.
  auto logs = sim->cluster().Logs("orders", stuck, "wait-for-db", false, 10);
  ASSERT_TRUE(logs.ok()) << logs.status().ToString();
  EXPECT_NE(logs->find("nslookup: can't resolve 'orders-postgres'\n"), std::string::npos) << *logs;
  EXPECT_NE(logs->find("waiting for orders-postgres\n"), std::string::npos) << *logs;
  // The app container has not started: kubectl logs says so.
  auto app = sim->cluster().Logs("orders", stuck, "order-api", false, 10);
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().message(),
            "container \"order-api\" in pod \"" + stuck + "\" is waiting to start: PodInitializing");
  auto started = simtest::EventsFor(*sim, "orders", stuck, "Started");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0]["message"], "Started container wait-for-db");
  EXPECT_EQ(started[0]["involvedObject"]["fieldPath"], "spec.initContainers{wait-for-db}");
  EXPECT_FALSE(RolloutComplete(*sim, "orders", "order-api"));
  int ready = 0;
  for (const auto& [name, pod] : pods) ready += IsReady(pod) ? 1 : 0;
  EXPECT_EQ(ready, 3);
}

TEST(SchedScenarios, InitDependencyAgentReadsInitLogsAndRollsBack) {
  auto run = ExpectRolledBack(kOrderApi, "init-dependency", "deployment/order-api", "orders", 4);
  ASSERT_NE(run.simulation, nullptr);
  bool read_init_logs = false;
  for (const Step& s : run.result.transcript) {
    if (s.kind == Step::Kind::kToolCall && s.call.name == "kubernetes.get_pod_logs" &&
        JsonString(s.call.args, "container") == "wait-for-db" && !s.result.is_error) {
      read_init_logs = true;
    }
  }
  EXPECT_TRUE(read_init_logs);
  Simulation& sim = *run.simulation;
  EXPECT_TRUE(RolloutComplete(sim, "orders", "order-api"));
  ExpectPodsHealthy(sim, "orders", "app=order-api", 3);
  for (const auto& [name, p] : simtest::Pods(sim, "orders", "app=order-api")) {
    EXPECT_EQ(p["status"]["initContainerStatuses"][0]["state"]["terminated"]["reason"], "Completed") << name;
  }
}

// ------------------------------------------------------------------- storage

constexpr char kThumbnailer[] = "thumbnailer-pvc-missing-storageclass";

TEST(SchedScenarios, StorageEvidenceBeforeTheFix) {
  auto sim = AtAlert(kThumbnailer);
  ASSERT_NE(sim, nullptr);
  auto fast = sim->cluster().Get("PersistentVolumeClaim", "media", "thumbnailer-cache-fast");
  ASSERT_TRUE(fast.ok());
  EXPECT_EQ((*fast)["status"]["phase"], "Pending");
  EXPECT_FALSE((*fast)["spec"].contains("volumeName"));
  auto failed = simtest::EventsFor(*sim, "media", "thumbnailer-cache-fast", "ProvisioningFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["message"], "storageclass.storage.k8s.io \"efs-fast\" not found");
  EXPECT_EQ(failed[0]["type"], "Warning");
  EXPECT_EQ(failed[0]["source"]["component"], "persistentvolume-controller");
  EXPECT_GT(JsonInt(failed[0], "count"), 20);  // every 15s resync for 9 minutes
  // The old claim is bound to a dynamically provisioned volume.
  auto cache = sim->cluster().Get("PersistentVolumeClaim", "media", "thumbnailer-cache");
  ASSERT_TRUE(cache.ok());
  EXPECT_EQ((*cache)["status"]["phase"], "Bound");
  const std::string pv = JsonString((*cache)["spec"], "volumeName");
  EXPECT_EQ(pv, "pvc-" + JsonString((*cache)["metadata"], "uid"));
  auto vol = sim->cluster().Get("PersistentVolume", "", pv);
  ASSERT_TRUE(vol.ok());
  EXPECT_EQ((*vol)["status"]["phase"], "Bound");
  EXPECT_EQ((*vol)["spec"]["storageClassName"], "efs-sc");
  EXPECT_EQ((*vol)["spec"]["persistentVolumeReclaimPolicy"], "Retain");
  EXPECT_EQ((*vol)["spec"]["claimRef"]["name"], "thumbnailer-cache");

  const std::string stuck = "thumbnailer-5d4f7c9b8-h3m6v";
  auto pods = simtest::Pods(*sim, "media", "app=thumbnailer");
  ASSERT_EQ(pods.size(), 4u);
  EXPECT_EQ(pods.at(stuck)["status"]["phase"], "Pending");
  EXPECT_FALSE(pods.at(stuck)["spec"].contains("nodeName"));
  auto sched = simtest::EventsFor(*sim, "media", stuck, "FailedScheduling");
  ASSERT_EQ(sched.size(), 1u);
  EXPECT_EQ(sched[0]["message"],
            "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are "
            "available: 3 Preemption is not helpful for scheduling.");
  EXPECT_FALSE(RolloutComplete(*sim, "media", "thumbnailer"));
}

TEST(SchedScenarios, StorageAgentRollsBack) {
  auto run = ExpectRolledBack(kThumbnailer, "storage", "deployment/thumbnailer", "media", 2);
  ASSERT_NE(run.simulation, nullptr);
  Simulation& sim = *run.simulation;
  EXPECT_TRUE(RolloutComplete(sim, "media", "thumbnailer"));
  ExpectPodsHealthy(sim, "media", "app=thumbnailer", 3);
  auto cache = sim.cluster().Get("PersistentVolumeClaim", "media", "thumbnailer-cache");
  ASSERT_TRUE(cache.ok());
  EXPECT_EQ((*cache)["status"]["phase"], "Bound");  // pvc_bound
  for (const auto& [name, p] : simtest::Pods(sim, "media", "app=thumbnailer")) {
    EXPECT_EQ(p["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"], "thumbnailer-cache") << name;
  }
}

}  // namespace
}  // namespace kf
