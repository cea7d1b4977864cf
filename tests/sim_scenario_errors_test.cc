// The scenario loader's error messages, exactly: file, line, field path.
#include <gtest/gtest.h>

#include "engine/scenario/scenario.h"
#include "engine/sim/simulation.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

constexpr const char* kHeader =
    "name: x\n"                            // 1
    "prompt: investigate\n"                // 2
    "alert_time: 2026-03-10T14:47:00Z\n";  // 3

std::string Error(const std::string& text) {
  auto s = LoadScenarioText(text, "scenarios/x.yaml");
  EXPECT_FALSE(s.ok());
  return s.ok() ? "" : s.status().message();
}

TEST(ScenarioErrors, InvalidDurationNamesFileLineAndPath) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "history:\n"                                                 // 4
                  "  - at: -5m\n"                                              // 5
                  "    scale: {namespace: default, name: web, replicas: 2}\n"  // 6
                  "  - at: 20x\n"                                              // 7
                  "    scale: {namespace: default, name: web, replicas: 3}\n"),
            "scenarios/x.yaml:7: history[1].at: invalid duration \"20x\"");
}

TEST(ScenarioErrors, UnknownTopLevelField) {
  EXPECT_EQ(Error("name: x\ntitel: oops\nprompt: p\nalert_time: 2026-03-10T14:47:00Z\n"),
            "scenarios/x.yaml:2: titel: unknown field");
}

TEST(ScenarioErrors, MissingRequiredField) {
  EXPECT_EQ(Error("name: x\nalert_time: 2026-03-10T14:47:00Z\n"),
            "scenarios/x.yaml:1: prompt: required field missing");
}

TEST(ScenarioErrors, BadAlertTime) {
  EXPECT_EQ(Error("name: x\nprompt: p\nalert_time: tuesday\n"),
            "scenarios/x.yaml:3: alert_time: invalid time \"tuesday\" (want RFC 3339)");
}

TEST(ScenarioErrors, UnknownKindInObjects) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "objects:\n"                                  // 4
                  "  - apiVersion: v1\n"                        // 5
                  "    kind: Namespace\n"                       // 6
                  "    metadata: {name: production}\n"          // 7
                  "  - apiVersion: apps/v1\n"                   // 8
                  "    kind: Deploymnt\n"                       // 9
                  "    metadata: {name: web}\n"),
            "scenarios/x.yaml:9: objects[1].kind: unknown kind \"Deploymnt\"");
}

TEST(ScenarioErrors, WrongApiVersion) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "objects:\n"
                  "  - apiVersion: v1\n"  // 5
                  "    kind: Deployment\n"
                  "    metadata: {name: web}\n"),
            "scenarios/x.yaml:5: objects[0].apiVersion: want \"apps/v1\" for Deployment, got \"v1\"");
}

TEST(ScenarioErrors, InvalidQuantityInAWorkload) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "workloads:\n"                    // 4
                  "  - image: web:1.0\n"            // 5
                  "    memory:\n"                   // 6
                  "      startup: 100Mi\n"          // 7
                  "      baseline: 240MB!\n"),      // 8
            "scenarios/x.yaml:8: workloads[0].memory.baseline: invalid quantity \"240MB!\"");
}

TEST(ScenarioErrors, UnknownNestedField) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "workloads:\n"
                  "  - image: web:1.0\n"
                  "    memory: {baseline: 1Gi, leak: 1Mi}\n"),  // 6
            "scenarios/x.yaml:6: workloads[0].memory.leak: unknown field");
}

TEST(ScenarioErrors, HistoryEntryWithTwoActions) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "history:\n"
                  "  - at: -1m\n"  // 5
                  "    scale: {name: web, replicas: 1}\n"
                  "    delete: {name: web-1}\n"),
            "scenarios/x.yaml:5: history[0]: expected exactly one of apply, patch, scale, "
            "delete, rollout_undo, stop_kubelet");
}

TEST(ScenarioErrors, HistoryBeforeStart) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "start: -10m\n"                                   // 4
                  "history:\n"                                      // 5
                  "  - at: -1h\n"                                   // 6
                  "    scale: {name: web, replicas: 1}\n"),
            "scenarios/x.yaml:6: history[0].at: before the simulation start (see `start`)");
}

TEST(ScenarioErrors, UnknownSuccessConditionType) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "expectations:\n"                                    // 4
                  "  root_cause: {category: oom}\n"                    // 5
                  "  success_conditions:\n"                            // 6
                  "    - {type: rollout_complete, name: web}\n"        // 7
                  "    - {type: vibes_good}\n"),                       // 8
            "scenarios/x.yaml:8: expectations.success_conditions[1].type: unknown condition "
            "type \"vibes_good\" (want one of rollout_complete, pods_ready, no_restarts, "
            "no_oom_kills, memory_utilisation_below, promql, endpoints_ready, pvc_bound, "
            "object_field, no_pending_pods, no_changes)");
}

TEST(ScenarioErrors, UnknownRootCauseCategory) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "expectations:\n"                            // 4
                  "  root_cause: {category: gremlins}\n"),     // 5
            "scenarios/x.yaml:5: expectations.root_cause.category: unknown category \"gremlins\" "
            "(want one of oom, image-pull, config, crashloop, readiness-probe, liveness-probe, "
            "init-dependency, bad-rollout, cpu-throttling, service-selector, service-port, storage, "
            "hpa-max, insufficient-resources, quota, node-not-ready, node-pressure, none)");
}

TEST(ScenarioErrors, BadPodNamePin) {
  EXPECT_EQ(Error(std::string(kHeader) +
                  "pins:\n"                                       // 4
                  "  pod_names:\n"                                // 5
                  "    default/web-abc: [ok12x, Not_OK]\n"),      // 6
            "scenarios/x.yaml:6: pins.pod_names.default/web-abc[1]: invalid name part "
            "\"Not_OK\" (want lowercase letters and digits)");
}

TEST(ScenarioErrors, YamlSyntaxErrorKeepsFileAndLine) {
  std::string msg = Error(std::string(kHeader) + "tags: [a, b\n");
  EXPECT_EQ(msg.rfind("scenarios/x.yaml:", 0), 0u) << msg;
}

TEST(ScenarioErrors, MissingFile) {
  auto s = LoadScenarioFile("/nonexistent/x.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(s.status().message(), "/nonexistent/x.yaml: cannot read scenario");
}

TEST(ScenarioErrors, HistoryActionTheApiServerRejects) {
  auto s = LoadScenarioText(std::string(kHeader) +
                                "history:\n"                               // 4
                                "  - at: -1m\n"                            // 5
                                "    scale: {namespace: default, name: web, replicas: 2}\n",
                            "scenarios/x.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto sim = Simulation::Create(*s);
  ASSERT_FALSE(sim.ok());
  EXPECT_EQ(sim.status().message(),
            "scenarios/x.yaml:5: history[0]: deployments.apps \"web\" not found");
}

TEST(ScenarioErrors, ObjectInAMissingNamespace) {
  auto s = LoadScenarioText(std::string(kHeader) +
                                "objects:\n"                                        // 4
                                "  - apiVersion: v1\n"                              // 5
                                "    kind: ConfigMap\n"
                                "    metadata: {name: c, namespace: production}\n",
                            "scenarios/x.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto sim = Simulation::Create(*s);
  ASSERT_FALSE(sim.ok());
  EXPECT_EQ(sim.status().message(),
            "scenarios/x.yaml:5: objects[0]: namespaces \"production\" not found");
}

TEST(ScenarioLoad, FlagshipFields) {
  auto s = LoadScenarioFile(testing::SourceDir() + "/scenarios/payment-service-oom.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->name, "payment-service-oom");
  EXPECT_EQ(s->prompt,
            "payment-service latency has spiked in the last 15 minutes. Can you investigate?");
  EXPECT_EQ(FormatRfc3339(s->alert_time), "2026-03-10T14:47:00Z");
  EXPECT_EQ(s->start_time, s->alert_time - 40 * 60 * 1000);
  ASSERT_EQ(s->history.size(), 1u);
  EXPECT_EQ(s->history[0].type, HistoryAction::Type::kPatch);
  EXPECT_EQ(s->history[0].at, s->alert_time - (18 * 60 + 50) * 1000);
  const WorkloadProfile* w = s->FindWorkload("registry.internal/payment-service:v2.14.0");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->memory.baseline, 240ll << 20);
  EXPECT_EQ(w->memory.spike.every, 5 * 60 * 1000);
  EXPECT_EQ(s->FindWorkload("registry.internal/payment-service:v9"), nullptr);
  EXPECT_EQ(s->pins.pod_suffixes.at("production/payment-service-6b8f9d4c7").size(), 4u);
  EXPECT_EQ(s->expectations.root_cause.category, "oom");
  ASSERT_EQ(s->expectations.acceptable_fixes.size(), 2u);
  EXPECT_EQ(s->expectations.acceptable_fixes[1].to_revision, 3);
  EXPECT_EQ(s->expectations.forbidden_actions[2].params["replicas"], 0);
  EXPECT_EQ(s->expectations.success_conditions[5].type, "promql");
}

TEST(ScenarioLoad, EveryScenarioInTheLibraryLoadsAndStarts) {
  for (const char* name : {"payment-service-oom.yaml", "payment-service-oom-600mi.yaml"}) {
    auto s = LoadScenarioFile(testing::SourceDir() + "/scenarios/" + name);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    auto sim = Simulation::Create(*s);
    EXPECT_TRUE(sim.ok()) << name << ": " << sim.status().ToString();
  }
}

}  // namespace
}  // namespace kf
