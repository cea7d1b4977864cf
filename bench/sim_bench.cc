// Simulator throughput: 5,000 pods (50 deployments x 100 replicas, each in
// its namespace behind a Service with traffic) on 51 nodes (100 pods each, one
// spare), one rollout in flight, for one virtual hour. Prints wall time, user
// and system CPU time, clock instants and metric samples processed per
// second, the memory the series store holds, and peak memory. Goals
// (measured, not asserted): under 1s and under 300 MB. Figures and what costs
// what: docs/architecture.md ("Cost").
//
//   build-*/bench/sim_bench [deployments] [replicas] [virtual minutes]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include <sys/resource.h>

#if KF_MIMALLOC
#include <mimalloc.h>
#endif

#include "engine/core/duration.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/simulation.h"
#include "tests/testing/proc_field.h"

namespace {

using kf::Json;

// CPU seconds this process has spent so far: {user, system}.
std::pair<double, double> CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return {seconds(u.ru_utime), seconds(u.ru_stime)};
}

kf::Scenario BuildScenario(int deployments, int replicas, int nodes) {
  kf::Scenario s;
  s.name = "bench";
  s.prompt = "bench";
  s.seed = 42;
  kf::ParseRfc3339("2026-03-10T12:00:00Z", &s.alert_time);
  s.start_time = s.alert_time - 60 * 1000;
  for (int n = 0; n < nodes; ++n) {
    Json node = {{"apiVersion", "v1"},
                 {"kind", "Node"},
                 {"metadata", {{"name", "node-" + std::to_string(n)}}},
                 {"status",
                  {{"capacity", {{"cpu", "16"}, {"memory", "64Gi"}, {"pods", "110"}}},
                   {"images", Json::array({{{"names", {"bench:1"}}, {"sizeBytes", 1 << 27}}})}}}};
    s.objects.push_back({node, 0});
  }
  for (int d = 0; d < deployments; ++d) {
    const std::string ns = "team-" + std::to_string(d);
    s.objects.push_back({{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}}, 0});
    s.objects.push_back({{{"apiVersion", "v1"},
                          {"kind", "Service"},
                          {"metadata", {{"name", "svc"}, {"namespace", ns}}},
                          {"spec", {{"selector", {{"app", "svc"}}}, {"ports", {{{"port", 80}}}}}}},
                         0});
    Json container = {{"name", "app"},
                      {"image", "bench:1"},
                      {"resources",
                       {{"requests", {{"cpu", "100m"}, {"memory", "128Mi"}}},
                        {"limits", {{"cpu", "500m"}, {"memory", "512Mi"}}}}},
                      {"readinessProbe", {{"httpGet", {{"path", "/"}, {"port", 8080}}},
                                          {"initialDelaySeconds", 5}}}};
    Json dep = {{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", "svc"}, {"namespace", ns}}},
                {"spec",
                 {{"replicas", replicas},
                  {"selector", {{"matchLabels", {{"app", "svc"}}}}},
                  {"template",
                   {{"metadata", {{"labels", {{"app", "svc"}}}}},
                    {"spec", {{"containers", Json::array({container})}}}}}}}};
    s.objects.push_back({dep, 0});
    kf::TrafficProfile t;
    t.service = "svc";
    t.ns = ns;
    t.rps = 50.0 * replicas;
    t.buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    s.traffic.push_back(t);
  }
  for (const char* image : {"bench:1", "bench:2"}) {
    kf::WorkloadProfile w;
    w.image = image;
    w.ready_after = 3000;
    w.memory.startup = 80ll << 20;
    w.memory.baseline = 200ll << 20;
    w.memory.warmup = 60000;
    w.memory.noise = 1 << 20;
    w.memory.spread = 4 << 20;
    w.memory.spike = {32ll << 20, 300000, 300000, 20000};
    w.cpu.idle = 20;
    w.cpu.per_rps = 0.5;
    w.cpu.noise = 2;
    s.workloads.push_back(w);
  }
  kf::HistoryAction rollout;
  rollout.type = kf::HistoryAction::Type::kPatch;
  rollout.at = s.alert_time + 60 * 1000;
  rollout.kind = "Deployment";
  rollout.ns = "team-0";
  rollout.name = "svc";
  rollout.patch = Json::parse(
      R"({"spec":{"template":{"spec":{"containers":[{"name":"app","image":"bench:2"}]}}}})");
  s.history.push_back(rollout);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const int deployments = argc > 1 ? std::atoi(argv[1]) : 50;
  const int replicas = argc > 2 ? std::atoi(argv[2]) : 100;
  const int minutes = argc > 3 ? std::atoi(argv[3]) : 60;
  const int nodes = (deployments * replicas + 99) / 100 + 1;
  kf::Scenario s = BuildScenario(deployments, replicas, nodes);

  const auto cpu_start = CpuSeconds();
  auto start = std::chrono::steady_clock::now();
  auto sim = kf::Simulation::Create(s);
  if (!sim.ok()) {
    std::fprintf(stderr, "create: %s\n", sim.status().ToString().c_str());
    return 1;
  }
  auto created = std::chrono::steady_clock::now();
  size_t instants = 0;
  kf::VirtualClock& clock = (*sim)->clock();
  const kf::UnixMillis end = (*sim)->alert_time() + static_cast<int64_t>(minutes) * 60 * 1000;
  // Step from instant to instant (every timer due at one instant fires in
  // one step) to count the discrete-event steps.
  while (clock.NextTimer() >= 0 && clock.NextTimer() <= end) {
    (*sim)->AdvanceTo(clock.NextTimer());
    ++instants;
  }
  (*sim)->AdvanceTo(end);
  auto done = std::chrono::steady_clock::now();
  const auto cpu_done = CpuSeconds();
  // The simulation's peak, read before the report below lists every pod
  // (a full copy of the pods that no simulation step makes).
  const long peak_kb = kf::testing::ProcFieldKb("/proc/self/status", "VmHWM");

  auto seconds = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  auto pods = (*sim)->cluster().List("Pod", "", kf::ListOptions{});
  auto rollout = (*sim)->cluster().Get("Deployment", "team-0", "svc");
  std::printf("pods: %zu (%d deployments x %d replicas) on %d nodes\n",
              pods.ok() ? (*pods)["items"].size() : 0, deployments, replicas, nodes);
  std::printf("rollout: team-0/svc updated %lld/%d\n",
              rollout.ok() ? static_cast<long long>((*rollout)["status"].value("updatedReplicas", 0)) : -1LL,
              replicas);
  std::printf("create + history to T0: %.3f s\n", seconds(start, created));
  std::printf("virtual %d min after T0: %.3f s wall (%.0fx real time)\n", minutes,
              seconds(created, done), minutes * 60 / std::max(1e-9, seconds(created, done)));
  std::printf("total wall time: %.3f s\n", seconds(start, done));
  // System time is the kernel mapping and zeroing memory as it is first
  // touched; on a VM it varies with the host several-fold from run to run.
  std::printf("cpu time: user %.3f s, system %.3f s\n", cpu_done.first - cpu_start.first,
              cpu_done.second - cpu_start.second);
  const double run = std::max(1e-9, seconds(created, done));
  std::printf("clock instants: %zu (%.0f/s)\n", instants, static_cast<double>(instants) / run);
  std::printf("series: %zu, samples: %zu (%.0f samples/s)\n", (*sim)->series().all().size(),
              (*sim)->series().SampleCount(),
              static_cast<double>((*sim)->series().SampleCount()) / run);
  size_t sample_bytes = 0;
  for (const kf::Series& s : (*sim)->series().all()) sample_bytes += s.samples.MemoryBytes();
  const size_t samples = (*sim)->series().SampleCount();
  std::printf("sample storage: %.1f MB (%.2f bytes/sample; a (time, value) pair is 16)\n",
              static_cast<double>(sample_bytes) / (1 << 20),
              static_cast<double>(sample_bytes) / static_cast<double>(std::max<size_t>(samples, 1)));
  std::printf("peak memory: %.1f MB\n", peak_kb / 1024.0);
#if KF_MIMALLOC
  std::printf("allocator: mimalloc %d, 2 MiB pages %s\n", mi_version(),
              mi_option_is_enabled(mi_option_large_os_pages) ? "on" : "off (MIMALLOC_LARGE_OS_PAGES)");
#else
  std::printf("allocator: the C library's\n");
#endif
  return 0;
}
