// Init containers in the simulated kubelet: they run before the app
// containers; one that waits for a Service keeps the pod Init:0/1 (Pending,
// Initialized=False, app container PodInitializing) until the Service exists
// with a ready endpoint, then completes (exit 0) and the app starts.
#include <gtest/gtest.h>

#include "engine/tools/render/pod_status.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

constexpr char kYaml[] = R"(name: init
prompt: test
seed: 3
alert_time: 2026-03-10T12:00:00Z
start: -5m
objects:
  - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
  - apiVersion: v1
    kind: Node
    metadata: {name: node-a}
    status: {capacity: {cpu: "8", memory: 32Gi, pods: "110"}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: db, namespace: shop}
    spec:
      replicas: 1
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec:
          containers: [{name: db, image: db:1, ports: [{containerPort: 5432}]}]
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      replicas: 1
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          initContainers:
            - name: wait-for-db
              image: wait:1
              env: [{name: DB_HOST, value: db}]
          containers: [{name: web, image: web:1}]
workloads:
  - image: wait:1
    pull: 1s
    wait_for_service_env: DB_HOST
    logs:
      timestamps: false
      every: 1s
      periodic: ["nslookup: can't resolve '{env.DB_HOST}'", "waiting for {env.DB_HOST}"]
  - image: db:1
    pull: 1s
    ready_after: 2s
  - image: web:1
    pull: 1s
    ready_after: 1s
    logs:
      startup: ["INFO web up"]
)";

std::unique_ptr<Simulation> Sim() {
  auto s = LoadScenarioText(kYaml, "init.yaml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? simtest::CreateOrDie(*s) : nullptr;
}

Json WebPod(Simulation& sim) {
  auto pods = simtest::Pods(sim, "shop", "app=web");
  EXPECT_EQ(pods.size(), 1u);
  return pods.empty() ? Json::object() : pods.begin()->second;
}

TEST(SimInitContainers, WaitsForAMissingService) {
  auto sim = Sim();
  ASSERT_NE(sim, nullptr);
  const Json pod = WebPod(*sim);
  EXPECT_EQ(pod["status"]["phase"], "Pending");
  EXPECT_EQ(render::ComputePodRow(pod, sim->clock().Now()).status, "Init:0/1");
  EXPECT_TRUE(pod["status"]["initContainerStatuses"][0]["state"].contains("running"));
  EXPECT_EQ(pod["status"]["initContainerStatuses"][0]["ready"], false);
  EXPECT_EQ(pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"], "PodInitializing");
  const std::string name = JsonString(pod["metadata"], "name");
  auto logs = sim->cluster().Logs("shop", name, "wait-for-db", false, 2);
  ASSERT_TRUE(logs.ok()) << logs.status().ToString();
  EXPECT_TRUE(*logs == "nslookup: can't resolve 'db'\nwaiting for db\n" ||
              *logs == "waiting for db\nnslookup: can't resolve 'db'\n")
      << *logs;
  // The init container's image was pulled; the app container's never was.
  auto pulling = simtest::EventsFor(*sim, "shop", name, "Pulling");
  ASSERT_EQ(pulling.size(), 1u);
  EXPECT_EQ(pulling[0]["involvedObject"]["fieldPath"], "spec.initContainers{wait-for-db}");
  EXPECT_EQ(pulling[0]["message"], "Pulling image \"wait:1\"");
}

TEST(SimInitContainers, CompletesOnceTheServiceHasReadyEndpoints) {
  auto sim = Sim();
  ASSERT_NE(sim, nullptr);
  Json svc = {{"apiVersion", "v1"},
              {"kind", "Service"},
              {"metadata", {{"name", "db"}, {"namespace", "shop"}}},
              {"spec", {{"selector", {{"app", "db"}}}, {"ports", Json::array({{{"port", 5432}}})}}}};
  ASSERT_TRUE(sim->cluster().Create("Service", "shop", svc).ok());
  sim->AdvanceTo(sim->clock().Now() + 10 * 1000);
  const Json pod = WebPod(*sim);
  EXPECT_EQ(pod["status"]["phase"], "Running");
  const Json& init = pod["status"]["initContainerStatuses"][0];
  EXPECT_EQ(init["state"]["terminated"]["reason"], "Completed");
  EXPECT_EQ(init["state"]["terminated"]["exitCode"], 0);
  EXPECT_EQ(init["ready"], true);
  EXPECT_TRUE(pod["status"]["containerStatuses"][0]["state"].contains("running"));
  EXPECT_EQ(render::ComputePodRow(pod, sim->clock().Now()).status, "Running");
  for (const Json& c : pod["status"]["conditions"]) {
    if (c["type"] == "Initialized") {
      EXPECT_EQ(c["status"], "True");
    }
  }
}

}  // namespace
}  // namespace kf
