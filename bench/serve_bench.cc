// `kubeflight serve` throughput: requests per second and latency listing
// pods through the Kubernetes API (server-side Table, as `kubectl get pods`
// asks, and JSON, as `-o json` asks) on a 5,000-pod scenario (50 namespaces
// x 100 pods on 51 nodes), measured with wrk on loopback. Prints wrk's
// figures; asserts nothing. Then the live client's overhead per tool call:
// the same read-only tool calls through engine/kube's KubeBackend against
// this server (HTTP on loopback) and in process against the simulator,
// median of N calls each, and the difference and ratio.
//
//   build/bench/serve_bench [seconds per run] [connections]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/kube/kube_backend.h"
#include "engine/tools/tool.h"
#include "engine/scenario/scenario.h"
#include "engine/serve/server.h"

namespace {

using kf::Json;

std::shared_ptr<kf::Scenario> BuildScenario(int namespaces, int replicas) {
  auto s = std::make_shared<kf::Scenario>();
  s->name = "serve-bench";
  s->prompt = "bench";
  s->seed = 42;
  kf::ParseRfc3339("2026-03-10T12:00:00Z", &s->alert_time);
  s->start_time = s->alert_time - 5 * 60 * 1000;
  const int nodes = namespaces * replicas / 100 + 1;
  for (int n = 0; n < nodes; ++n) {
    Json node = {{"apiVersion", "v1"},
                 {"kind", "Node"},
                 {"metadata", {{"name", "node-" + std::to_string(n)}}},
                 {"status", {{"capacity", {{"cpu", "16"}, {"memory", "64Gi"}, {"pods", "110"}}}}}};
    s->objects.push_back({node, 0});
  }
  Json container = {{"name", "app"},
                    {"image", "bench:1"},
                    {"resources", {{"requests", {{"cpu", "100m"}, {"memory", "128Mi"}}},
                                   {"limits", {{"cpu", "500m"}, {"memory", "512Mi"}}}}}};
  for (int d = 0; d < namespaces; ++d) {
    const std::string ns = "team-" + std::to_string(d);
    s->objects.push_back({{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}}, 0});
    Json dep = {{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", "svc"}, {"namespace", ns}}},
                {"spec",
                 {{"replicas", replicas},
                  {"selector", {{"matchLabels", {{"app", "svc"}}}}},
                  {"template", {{"metadata", {{"labels", {{"app", "svc"}}}}},
                                {"spec", {{"containers", Json::array({container})}}}}}}}};
    s->objects.push_back({dep, 0});
  }
  kf::WorkloadProfile w;
  w.image = "bench:1";
  w.ready_after = 3000;
  w.memory.baseline = 200ll << 20;
  w.cpu.idle = 20;
  s->workloads.push_back(w);
  return s;
}

void RunWrk(const std::string& label, const std::string& url, const std::string& accept,
            int seconds, int connections) {
  std::string cmd = "wrk -t2 -c" + std::to_string(connections) + " -d" + std::to_string(seconds) +
                    "s --timeout 30s --latency -H 'Accept: " + accept + "' '" + url + "' 2>&1";
  std::printf("== %s\n   %s\n", label.c_str(), url.c_str());
  std::fflush(stdout);
  if (std::system(cmd.c_str()) != 0) std::printf("wrk failed (is it installed?)\n");
}

// Median wall time of `calls` runs of `fn`, in microseconds.
double MedianMicros(int calls, const std::function<void()>& fn) {
  std::vector<double> us;
  for (int i = 0; i < calls; ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  return us[us.size() / 2];
}

// One tool call both ways: in process (the simulator's own backend, under
// the server's lock) and through the live client against the server.
void CompareToolCall(kf::serve::Server& server, kf::kube::KubeBackend& live, const std::string& tool,
                     const kf::Json& args, int calls) {
  const kf::ToolCatalog& catalog = kf::ToolCatalog::Default();
  bool failed = false;
  const double local = MedianMicros(calls, [&] {
    server.WithSimulation([&](kf::Simulation& sim) {
      kf::ToolContext ctx;
      ctx.cluster = &sim.cluster();
      failed |= catalog.Invoke(tool, args, ctx).is_error;
    });
  });
  const double remote = MedianMicros(calls, [&] {
    kf::ToolContext ctx;
    ctx.cluster = &live;
    failed |= catalog.Invoke(tool, args, ctx).is_error;
  });
  std::printf("%-44s %10.0f %10.0f %10.0f %7.2fx%s\n", (tool + " " + args.dump()).substr(0, 44).c_str(), local,
              remote, remote - local, remote / local, failed ? "  (a call failed)" : "");
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 5;
  const int connections = argc > 2 ? std::atoi(argv[2]) : 8;
  kf::serve::ServeOptions options;
  options.scenario = BuildScenario(50, 100);
  options.paused = true;
  options.record = false;
  auto server = kf::serve::Server::Start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "serve: %s\n", server.status().ToString().c_str());
    return 1;
  }
  const std::string base = (*server)->url();
  const std::string table =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
      "application/json";
  std::printf("serve on %s: 5,000 pods (50 namespaces x 100), paused clock, no recording\n",
              base.c_str());
  RunWrk("Table, one namespace (100 pods)", base + "/api/v1/namespaces/team-7/pods?limit=500", table,
         seconds, connections);
  RunWrk("JSON, one namespace (100 pods)", base + "/api/v1/namespaces/team-7/pods?limit=500",
         "application/json", seconds, connections);
  RunWrk("Table, label selector across namespaces (5,000 pods)", base + "/api/v1/pods?labelSelector=app%3Dsvc",
         table, seconds, connections);
  RunWrk("JSON, every pod (5,000)", base + "/api/v1/pods", "application/json", seconds, connections);
  RunWrk("one pod, JSON", base + "/api/v1/namespaces/team-7/pods/" +
                              [&] {
                                std::string name;
                                (*server)->WithSimulation([&](kf::Simulation& sim) {
                                  auto pods = sim.cluster().List("Pod", "team-7", {});
                                  if (pods.ok() && !(*pods)["items"].empty())
                                    name = (*pods)["items"][0]["metadata"]["name"];
                                });
                                return name;
                              }(),
         "application/json", seconds, connections);

  kf::kube::RestConfig config;
  config.server = base;
  config.origin = "serve_bench";
  auto live = kf::kube::KubeBackend::Create(config);
  if (!live.ok()) {
    std::fprintf(stderr, "live client: %s\n", live.status().ToString().c_str());
    return 1;
  }
  const int calls = 50;
  std::printf("\n== live client overhead per tool call (median of %d; microseconds)\n", calls);
  std::printf("%-44s %10s %10s %10s %8s\n", "tool call", "in-process", "live", "overhead", "ratio");
  CompareToolCall(**server, **live, "kubernetes.list_pods", {{"namespace", "team-7"}}, calls);
  CompareToolCall(**server, **live, "kubernetes.get_resource",
                  {{"kind", "deployment"}, {"namespace", "team-7"}, {"name", "svc"}}, calls);
  CompareToolCall(**server, **live, "kubernetes.get_events", {{"namespace", "team-7"}}, calls);
  CompareToolCall(**server, **live, "kubernetes.top_pods", {{"namespace", "team-7"}}, calls);
  CompareToolCall(**server, **live, "kubernetes.list_pods", {{"label_selector", "app=svc"}}, 5);
  return (*server)->Stop().ok() ? 0 : 1;
}
