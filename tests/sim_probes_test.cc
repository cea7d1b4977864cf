// Unit tests of the kubelet's container-side behaviour added for the pod
// scenarios: probe parsing and failure output, config references, CPU
// starvation; and the agent's error-ratio/throttling queries.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/agent/pod_evidence.h"
#include "engine/sim/probes.h"
#include "engine/sim/workload_model.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

using sim::ParseProbe;
using sim::ProbeSpec;

TEST(Probes, ParseAppliesTheApiServerDefaults) {
  Json c = Json::parse(R"({"name":"web","ports":[{"name":"admin","containerPort":9090}],
                           "readinessProbe":{"httpGet":{"path":"/ready","port":"admin"}}})");
  ProbeSpec p = ParseProbe(c, "readinessProbe");
  EXPECT_TRUE(p.set);
  EXPECT_EQ(p.handler, "httpGet");
  EXPECT_EQ(p.port, 9090);  // the named port, resolved
  EXPECT_EQ(p.path, "/ready");
  EXPECT_EQ(p.initial_delay_s, 0);
  EXPECT_EQ(p.period_s, 10);
  EXPECT_EQ(p.success_threshold, 1);
  EXPECT_EQ(p.failure_threshold, 3);
  EXPECT_FALSE(ParseProbe(c, "livenessProbe").set);
}

TEST(Probes, ServedPortsAreTheDeclaredOnes) {
  Json c = Json::parse(R"({"ports":[{"containerPort":8080},{"containerPort":9090}]})");
  EXPECT_TRUE(sim::ContainerServesPort(c, 8080));
  EXPECT_TRUE(sim::ContainerServesPort(c, 9090));
  EXPECT_FALSE(sim::ContainerServesPort(c, 8081));
  // Declaring ports is optional: without any, the probe's port is assumed served.
  EXPECT_TRUE(sim::ContainerServesPort(Json::object(), 8080));
}

TEST(Probes, RefusedOutputHasTheProbersWording) {
  ProbeSpec http = ParseProbe(Json::parse(R"({"livenessProbe":{"httpGet":{"path":"/healthz","port":8081}}})"),
                              "livenessProbe");
  EXPECT_EQ(sim::ProbeRefusedOutput(http, "10.244.1.7"),
            "Get \"http://10.244.1.7:8081/healthz\": dial tcp 10.244.1.7:8081: connect: connection refused");
  ProbeSpec tcp = ParseProbe(Json::parse(R"({"readinessProbe":{"tcpSocket":{"port":5432}}})"), "readinessProbe");
  EXPECT_EQ(sim::ProbeRefusedOutput(tcp, "10.244.0.3"), "dial tcp 10.244.0.3:5432: connect: connection refused");
}

TEST(CpuStarvation, DemandAboveTheLimitStretchesLatency) {
  EXPECT_DOUBLE_EQ(sim::CpuStarvation(500, 200), 2.5);
  EXPECT_DOUBLE_EQ(sim::CpuStarvation(150, 200), 1);
  EXPECT_DOUBLE_EQ(sim::CpuStarvation(900, 0), 1);  // no limit, no throttling
  sim::LatencyDist d{std::log(0.05), 0.4};
  sim::LatencyDist t = sim::Throttled(d, 2.5);
  // Every quantile scales by the factor: the median 50ms becomes 125ms.
  EXPECT_NEAR(std::exp(t.mu), 0.125, 1e-12);
  EXPECT_DOUBLE_EQ(t.sigma, d.sigma);
  EXPECT_EQ(sim::Throttled(d, 1).mu, d.mu);
}

// A pod whose envFrom names a missing Secret waits in
// CreateContainerConfigError; creating the Secret lets the next retry start it.
TEST(ContainerConfig, MissingSecretBlocksUntilCreated) {
  const char* text = R"(
name: config-unit
prompt: x
alert_time: 2026-01-01T00:10:00Z
start: -5m
objects:
  - {apiVersion: v1, kind: Node, metadata: {name: n1}, status: {capacity: {cpu: "4", memory: 8Gi, pods: "110"}, allocatable: {cpu: "4", memory: 8Gi, pods: "110"}, images: [{names: ["img:1"], sizeBytes: 1000}]}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: w, namespace: default}
    spec:
      replicas: 1
      selector: {matchLabels: {app: w}}
      template:
        metadata: {labels: {app: w}}
        spec:
          containers:
            - name: w
              image: img:1
              envFrom: [{secretRef: {name: w-creds}}]
workloads:
  - {image: "img:1"}
)";
  auto s = LoadScenarioText(text, "config-unit.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto simu = simtest::CreateOrDie(*s);
  ASSERT_NE(simu, nullptr);
  auto pods = simtest::Pods(*simu, "default", "app=w");
  ASSERT_EQ(pods.size(), 1u);
  const std::string name = pods.begin()->first;
  const Json& waiting = pods.begin()->second["status"]["containerStatuses"][0]["state"]["waiting"];
  EXPECT_EQ(waiting["reason"], "CreateContainerConfigError");
  EXPECT_EQ(waiting["message"], "secret \"w-creds\" not found");
  auto failed = simtest::EventsFor(*simu, "default", name, "Failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["message"], "Error: secret \"w-creds\" not found");

  auto created = simu->cluster().Create(
      "Secret", "default",
      Json{{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "w-creds"}, {"namespace", "default"}}},
           {"data", {{"token", "c2VjcmV0"}}}});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  simu->AdvanceTo(simu->clock().Now() + 30 * 1000);
  pods = simtest::Pods(*simu, "default", "app=w");
  EXPECT_EQ(pods.at(name)["status"]["phase"], "Running");
  EXPECT_TRUE(pods.at(name)["status"]["containerStatuses"][0]["state"].contains("running"));
}

TEST(PodEvidence, QueriesUseTheRealMetricNames) {
  EXPECT_EQ(agent::ErrorRatioQuery("api"),
            "sum(rate(http_requests_total{service=\"api\",code=~\"5..\"}[5m])) / "
            "sum(rate(http_requests_total{service=\"api\"}[5m]))");
  EXPECT_EQ(agent::ErrorRatioQuery("api", "5m", "30m"),
            "sum(rate(http_requests_total{service=\"api\",code=~\"5..\"}[5m] offset 30m)) / "
            "sum(rate(http_requests_total{service=\"api\"}[5m] offset 30m))");
  EXPECT_EQ(agent::ThrottlingQuery("ns", "api"),
            "max by (pod) (rate(container_cpu_cfs_throttled_periods_total{namespace=\"ns\",pod=~\"api-.*\","
            "container!=\"\"}[5m]) / rate(container_cpu_cfs_periods_total{namespace=\"ns\",pod=~\"api-.*\","
            "container!=\"\"}[5m]))");
  EXPECT_EQ(agent::ThrottlingQuery("ns", "api", {"api-1", "api-2"}, "1m"),
            "max by (pod) (rate(container_cpu_cfs_throttled_periods_total{namespace=\"ns\",pod=~\"api-1|api-2\","
            "container!=\"\"}[1m]) / rate(container_cpu_cfs_periods_total{namespace=\"ns\",pod=~\"api-1|api-2\","
            "container!=\"\"}[1m]))");
}

}  // namespace
}  // namespace kf
