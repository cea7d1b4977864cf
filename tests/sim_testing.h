// Helpers shared by the sim_*_test.cc files: loading scenarios, reading
// pods, metrics-server usage and latency quantiles out of a Simulation.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/core/duration.h"
#include "engine/core/quantity.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/simulation.h"
#include "tests/testing/test_util.h"

namespace kf::simtest {

inline Scenario LoadOrDie(const std::string& relative) {
  auto s = LoadScenarioFile(testing::SourceDir() + "/" + relative);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : Scenario{};
}

inline std::unique_ptr<Simulation> CreateOrDie(const Scenario& s,
                                               std::optional<uint64_t> seed = std::nullopt) {
  auto sim = Simulation::Create(s, seed);
  EXPECT_TRUE(sim.ok()) << sim.status().ToString();
  return sim.ok() ? std::move(*sim) : nullptr;
}

// Pods by name.
inline std::map<std::string, Json> Pods(Simulation& sim, const std::string& ns,
                                        const std::string& selector) {
  std::map<std::string, Json> out;
  auto list = sim.cluster().List("Pod", ns, ListOptions{selector, ""});
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  if (!list.ok()) return out;
  for (const Json& p : (*list)["items"]) out[p["metadata"]["name"].get<std::string>()] = p;
  return out;
}

struct Top {
  int64_t cpu_milli = 0;  // as kubectl top prints it (rounded up)
  int64_t memory_mi = 0;  // as kubectl top prints it (rounded down)
};

// kubectl top pods, by pod name.
inline std::map<std::string, Top> TopPods(Simulation& sim, const std::string& ns,
                                          const std::string& selector) {
  std::map<std::string, Top> out;
  auto list = sim.cluster().PodMetrics(ns, selector);
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  if (!list.ok()) return out;
  for (const Json& item : (*list)["items"]) {
    Top t;
    for (const Json& c : item["containers"]) {
      auto cpu = Quantity::Parse(c["usage"]["cpu"].get<std::string>());
      auto mem = Quantity::Parse(c["usage"]["memory"].get<std::string>());
      if (cpu.ok()) t.cpu_milli += cpu->milli();  // MilliValue(): rounded up
      if (mem.ok()) t.memory_mi += mem->Value();
    }
    t.memory_mi /= 1 << 20;
    out[item["metadata"]["name"].get<std::string>()] = t;
  }
  return out;
}

inline int64_t Restarts(const Json& pod) {
  return pod["status"]["containerStatuses"][0].value("restartCount", 0);
}

inline std::string Age(Simulation& sim, const Json& obj) {
  UnixMillis created = 0;
  ParseRfc3339(obj["metadata"]["creationTimestamp"].get<std::string>(), &created);
  return FormatAge(created, sim.clock().Now());
}

// The value of a counter series at or before t (0 when none).
inline double ValueAt(const Series& s, UnixMillis t) {
  double v = 0;
  for (const Sample& x : s.samples) {
    if (x.t > t) break;
    if (!std::isnan(x.v)) v = x.v;
  }
  return v;
}

// histogram_quantile(q, increase(<name>_bucket{service=svc}[window])) at t,
// computed directly from the series store (Prometheus's interpolation).
inline double HistogramQuantile(const SeriesStore& store, const std::string& service, double q,
                                UnixMillis t, DurationMs window = 5 * 60 * 1000) {
  std::vector<std::pair<double, double>> buckets;  // (le, increase)
  for (const Series* s : store.SeriesNamed("http_request_duration_seconds_bucket")) {
    auto svc = s->labels.find("service");
    if (svc == s->labels.end() || svc->second != service) continue;
    const std::string le = s->labels.at("le");
    const double bound = le == "+Inf" ? INFINITY : std::stod(le);
    buckets.emplace_back(bound, ValueAt(*s, t) - ValueAt(*s, t - window));
  }
  std::sort(buckets.begin(), buckets.end());
  if (buckets.empty() || buckets.back().second <= 0) return NAN;
  const double rank = q * buckets.back().second;
  double prev_bound = 0, prev_count = 0;
  for (const auto& [bound, count] : buckets) {
    if (count >= rank) {
      if (std::isinf(bound)) return prev_bound;
      return prev_bound + (bound - prev_bound) * (rank - prev_count) / (count - prev_count);
    }
    prev_bound = bound;
    prev_count = count;
  }
  return NAN;
}

// Events (all namespaces) about an object name, by reason.
inline std::vector<Json> EventsFor(Simulation& sim, const std::string& ns, const std::string& name,
                                   const std::string& reason) {
  std::vector<Json> out;
  auto list = sim.cluster().List(
      "Event", ns, ListOptions{"", "involvedObject.name=" + name + ",reason=" + reason});
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  if (list.ok()) {
    for (const Json& e : (*list)["items"]) out.push_back(e);
  }
  return out;
}

// Advances in steps until the deployment's rollout is complete (as kubectl
// rollout status decides); returns the time, or 0 after `limit`.
inline UnixMillis WaitForRollout(Simulation& sim, const std::string& ns, const std::string& name,
                                 DurationMs limit = 15 * 60 * 1000) {
  const UnixMillis end = sim.clock().Now() + limit;
  while (sim.clock().Now() < end) {
    sim.AdvanceTo(sim.clock().Now() + 1000);
    auto d = sim.cluster().Get("Deployment", ns, name);
    if (!d.ok()) return 0;
    const Json& st = (*d)["status"];
    const int64_t want = (*d)["spec"]["replicas"].get<int64_t>();
    if ((*d)["metadata"]["generation"] == st.value("observedGeneration", Json(0)) &&
        st.value("updatedReplicas", 0) == want && st.value("replicas", 0) == want &&
        st.value("availableReplicas", 0) == want) {
      return sim.clock().Now();
    }
  }
  return 0;
}

// The condition of `type` in obj's status.conditions; nullptr when absent.
inline const Json* ConditionOf(const Json& obj, const std::string& type) {
  const Json* conds = JsonAtPath(obj, "status.conditions");
  if (conds == nullptr || !conds->is_array()) return nullptr;
  for (const Json& c : *conds) {
    if (c["type"] == type) return &c;
  }
  return nullptr;
}

// A small cluster for unit tests: namespace shop, two nodes, a Service and a
// Deployment "web" (replicas 4, image web:1, readiness after 5s) and the
// images web:1, web:2 (more memory), crash:1 (exits 1 after 30s) and
// leak:1 (grows 2Gi/h). `extra` is appended (more top-level sections).
inline std::string MiniScenarioYaml(const std::string& extra = "") {
  return R"(name: mini
prompt: test
seed: 7
alert_time: 2026-03-10T12:00:00Z
start: -10m
objects:
  - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
  - apiVersion: v1
    kind: Node
    metadata: {name: node-a}
    status: {capacity: {cpu: "8", memory: 32Gi, pods: "110"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: node-b}
    status: {capacity: {cpu: "8", memory: 32Gi, pods: "110"}}
  - apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: shop}
    spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
      annotations: {kubernetes.io/change-cause: first}
    spec:
      replicas: 4
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
            - name: web
              image: web:1
              resources:
                requests: {cpu: 100m, memory: 100Mi}
                limits: {cpu: 500m, memory: 300Mi}
              readinessProbe: {httpGet: {path: /, port: 8080}, initialDelaySeconds: 5}
workloads:
  - image: web:1
    pull: 2s
    memory: {startup: 50Mi, baseline: 100Mi, warmup: 30s}
    cpu: {idle: 20m, per_rps: 1}
    logs:
      startup: ["INFO web {version} up on {pod}"]
      every: 10s
      periodic: ["INFO tick {n}"]
  - image: web:2
    pull: 2s
    memory: {startup: 50Mi, baseline: 150Mi, warmup: 30s}
  - image: crash:1
    pull: 1s
    exit: {after: 30s, code: 1}
    logs:
      startup: ["INFO starting"]
      exit: ["ERROR cannot reach database", "FATAL exiting"]
  - image: leak:1
    pull: 1s
    memory: {startup: 100Mi, baseline: 100Mi, growth_per_hour: 2Gi}
traffic:
  - {service: web, namespace: shop, rps: 100}
)" + extra;
}

inline std::unique_ptr<Simulation> MiniSim(const std::string& extra = "",
                                           std::optional<uint64_t> seed = std::nullopt) {
  auto s = LoadScenarioText(MiniScenarioYaml(extra), "mini.yaml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return nullptr;
  return CreateOrDie(*s, seed);
}

inline Json PatchJson(const char* text) { return ParseJson(text).value(); }

}  // namespace kf::simtest
