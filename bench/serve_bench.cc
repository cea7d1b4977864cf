// `kubeflight serve` throughput: requests per second and latency listing
// pods through the Kubernetes API (server-side Table, as `kubectl get pods`
// asks, and JSON, as `-o json` asks) on a 5,000-pod scenario (50 namespaces
// x 100 pods on 51 nodes), measured with wrk on loopback. Prints wrk's
// figures; asserts nothing.
//
//   build/bench/serve_bench [seconds per run] [connections]
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "engine/core/clock.h"
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
                    "s --latency -H 'Accept: " + accept + "' '" + url + "' 2>&1";
  std::printf("== %s\n   %s\n", label.c_str(), url.c_str());
  std::fflush(stdout);
  if (std::system(cmd.c_str()) != 0) std::printf("wrk failed (is it installed?)\n");
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
  return (*server)->Stop().ok() ? 0 : 1;
}
