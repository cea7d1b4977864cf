// Writes the simulated cluster's metrics into the SeriesStore on the virtual
// clock, with the names and labels of the real exporters:
//   cAdvisor (every scrape, 15s): container_memory_working_set_bytes,
//     container_cpu_usage_seconds_total, container_cpu_cfs_periods_total,
//     container_cpu_cfs_throttled_periods_total
//     {container,image,job="kubelet",metrics_path="/metrics/cadvisor",
//      namespace,node,pod}
//   kube-state-metrics (every other scrape, 30s; job="kube-state-metrics"):
//     kube_pod_container_status_restarts_total, _last_terminated_reason,
//     _waiting_reason, kube_pod_container_resource_limits/_requests
//     {resource,unit}, kube_deployment_status_replicas_available,
//     kube_deployment_spec_replicas, kube_deployment_status_replicas_updated
//     (pod-level series carry {container,namespace,pod,uid}; reasons add
//     {reason}; deployment series {deployment,namespace})
//   the service's own exporter (every scrape):
//     http_request_duration_seconds_bucket/_sum/_count{namespace,service[,le]}
//     http_requests_total{code,namespace,service}
// A series that ends (container stopped, pod deleted, reason changed) gets
// one StaleNaN sample at the next scrape. Also keeps what metrics-server
// would answer (the latest usage per container). Internal to engine/sim.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/metrics/series_store.h"
#include "engine/sim/kubelet.h"
#include "engine/sim/sim_world.h"

namespace kf::sim {

struct ContainerUsage {
  UnixMillis at = 0;
  double cpu_millicores = 0;
  int64_t memory_bytes = 0;
};

class MetricsEmitter {
 public:
  static constexpr DurationMs kScrapeInterval = 15000;

  MetricsEmitter(SimWorld* world, const Kubelet* kubelet) : w_(world), kubelet_(kubelet) {}

  // One scrape at the clock's current time.
  void Scrape();
  // The usage metrics-server last saw for a container; nullptr when the
  // pod was never scraped.
  const ContainerUsage* Usage(const std::string& ns, const std::string& pod,
                              const std::string& container) const;

 private:
  struct Tracked {  // one series and whether it got a sample last scrape
    SeriesStore::SeriesId id = UINT32_MAX;
    bool live = false;
  };
  struct CadvisorState {
    Tracked mem, cpu, periods, throttled;
    double cpu_seconds = 0, periods_total = 0, throttled_total = 0;
    int instance = -1;
    int64_t seen_scrape = -1;
    ContainerUsage usage;  // what metrics-server last saw
  };
  struct ServiceState {
    std::vector<Tracked> buckets;
    Tracked sum, count;
    std::map<std::string, Tracked> codes;
    std::vector<double> bucket_totals;
    double sum_total = 0, count_total = 0;
    std::map<std::string, double> code_totals;
    std::map<std::string, int> kills_seen;  // pod → kills already counted
  };
  // A Service's endpoints as last read: ready pod keys ("ns/pod"), the ready
  // pods whose endpoint port no container listens on (connection refused,
  // 502), and the number of selected pods; refreshed when the Endpoints'
  // resourceVersion moves.
  struct EndpointsView {
    std::string rv;
    std::vector<std::string> ready;
    std::vector<std::string> refused;
    size_t selected = 0;
  };
  struct PodServing {
    double rps = 0;
    double gc_pressure = 0;
    double cpu_starvation = 1;  // CPU demand / limit when above 1: every request takes that much longer
  };
  struct KsmContainer {
    Tracked restarts, lim_mem, lim_cpu, req_mem, req_cpu, term, wait;
    std::string ns, pod, container, node, uid;
    std::string term_reason, wait_reason;
    int64_t lim_mem_v = 0, lim_cpu_v = 0, req_mem_v = 0, req_cpu_v = 0;
    double restarts_v = 0;
    bool has_status = false;
  };
  // A pod as kube-state-metrics last read it; re-read when its
  // resourceVersion moves.
  struct KsmPod {
    std::string rv;
    std::vector<KsmContainer> containers;
    bool seen = false;
  };
  struct KsmDeployment {
    Tracked available, spec, updated;
    bool seen = false;
  };

  // Appends v to t's series, interning make_labels() on first use.
  template <typename MakeLabels>
  void Put(Tracked& t, MakeLabels&& make_labels, double v);
  void Stale(Tracked& t);
  const EndpointsView& ViewOf(const std::string& ns, const std::string& service);
  using PodRps = std::unordered_map<std::string, double>;  // "ns/pod" → requests per second
  PodRps TrafficShares();
  void ScrapeContainers(const PodRps& rps);
  void ScrapeServices();
  void ScrapeKubeState();
  void ReadKsmPod(const Json& pod, KsmPod& state);
  void EmitKsmContainer(KsmContainer& k);

  SimWorld* w_;
  const Kubelet* kubelet_;
  int64_t scrapes_ = 0;
  // Hashed: lookups only, and the order of staleness markers across series
  // does not matter (each series gets its own).
  std::unordered_map<std::string, CadvisorState> cadvisor_;  // "ns/pod/container"
  std::unordered_map<std::string, PodServing> serving_;      // "ns/pod"
  std::map<std::string, ServiceState> services_;         // "ns/service"
  std::map<std::string, EndpointsView> endpoints_;       // "ns/service"
  std::unordered_map<std::string, KsmPod> ksm_pods_;     // by pod uid (hashed, as cadvisor_)
  std::map<std::string, KsmDeployment> ksm_deployments_; // "ns/name"
};

}  // namespace kf::sim
