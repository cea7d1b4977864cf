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
#include <set>
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

  // Watches the world's store for pod changes (kube-state-metrics re-reads
  // only the pods that changed). Both must outlive the emitter.
  MetricsEmitter(SimWorld* world, const Kubelet* kubelet);

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
  // A pod that was a ready endpoint of a Service last scrape, and its
  // container's kill count then.
  struct KillsSeen {
    int kills = 0;
    int64_t scrape = -1;
    const PodRuntime* runtime = nullptr;  // valid at kubelet pods_version() `version`
    uint64_t version = UINT64_MAX;
  };
  struct ServiceState {
    std::vector<Tracked> buckets;
    Tracked sum, count;
    std::map<std::string, Tracked> codes;
    std::vector<double> bucket_totals;
    double sum_total = 0, count_total = 0;
    std::map<std::string, double> code_totals;
    // ("ns/pod", kills already counted), sorted by pod and unique; the
    // next scrape's list is built in kills_next (its strings reused).
    std::vector<std::pair<std::string, KillsSeen>> kills_seen, kills_next;
    // Where each ready endpoint's entry is in kills_seen (kNoEntry: none),
    // for the endpoints view resolved as (kills_rv, kills_at, kills_epoch):
    // while the view is that one the list keeps its pods and is updated in
    // place rather than rebuilt.
    std::vector<uint32_t> kills_slot;
    std::string kills_rv;
    uint64_t kills_at = UINT64_MAX, kills_epoch = UINT64_MAX;
    int64_t last_scrape = -1;
  };
  struct PodServing {
    double rps = 0;
    double gc_pressure = 0;
    double cpu_starvation = 1;  // CPU demand / limit when above 1: every request takes that much longer
  };
  // What one scrape learnt about a pod, kept across scrapes so a scrape
  // allocates nothing for pods already seen: a field holds only when its
  // stamp is the current scrape's number.
  struct PodScrape {
    double rps = 0;  // requests per second its Services send it
    int64_t rps_scrape = -1;
    PodServing serving;
    int64_t serving_scrape = -1;
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
    // The kubelet's runtime of each ready pod (nullptr: not running there)
    // and its PodScrape, resolved at kubelet pods_version() `resolved_at`
    // and pod_scrape_epoch_ `resolved_epoch`.
    std::vector<const PodRuntime*> ready_runtime;
    std::vector<PodScrape*> ready_scrape;
    uint64_t resolved_at = UINT64_MAX;
    uint64_t resolved_epoch = UINT64_MAX;
  };
  struct KsmContainer {
    Tracked restarts, lim_mem, lim_cpu, req_mem, req_cpu, term, wait;
    std::string ns, pod, container, node, uid;
    std::string term_reason, wait_reason;
    int64_t lim_mem_v = 0, lim_cpu_v = 0, req_mem_v = 0, req_cpu_v = 0;
    double restarts_v = 0;
    bool has_status = false;
  };
  // A pod as kube-state-metrics last read it; re-read when it changes.
  struct KsmPod {
    std::string uid;
    std::vector<KsmContainer> containers;
  };
  struct KsmDeployment {
    Tracked available, spec, updated;
    bool seen = false;
  };

  // Appends v to t's series, interning make_labels() on first use.
  template <typename MakeLabels>
  void Put(Tracked& t, MakeLabels&& make_labels, double v);
  void Stale(Tracked& t);
  EndpointsView& ViewOf(const std::string& ns, const std::string& service);
  // The ready pods of view with their kubelet runtimes resolved.
  const EndpointsView& ResolvedViewOf(const std::string& ns, const std::string& service);
  // Sets each ready endpoint's PodScrape::rps for this scrape.
  void TrafficShares();
  void ScrapeContainers();
  void ScrapeServices();
  void ScrapeKubeState();
  void ReadKsmPod(const Json& pod, KsmPod& state);
  void StaleKsmPod(KsmPod& state);
  void EmitKsmContainer(KsmContainer& k);

  SimWorld* w_;
  const Kubelet* kubelet_;
  int64_t scrapes_ = 0;
  // Hashed: lookups only, and the order of staleness markers across series
  // does not matter (each series gets its own).
  std::unordered_map<std::string, CadvisorState> cadvisor_;  // "ns/pod/container"
  std::unordered_map<std::string, PodScrape> pod_scrape_;    // "ns/pod"
  // Pointers into cadvisor_ and pod_scrape_ stay valid until an entry is
  // erased; each erasure moves the map's epoch.
  uint64_t cadvisor_epoch_ = 0, pod_scrape_epoch_ = 0;
  // The kubelet's pods_version() and pod_scrape_'s size when a sweep last
  // found every pod_scrape_ entry's pod running (UINT64_MAX: not since).
  struct AllRunning {
    uint64_t pods_version = UINT64_MAX;
    size_t entries = 0;
  } all_running_;
  // What ScrapeContainers reads, in the kubelet's pod order: each pod's key
  // and runtime, its PodScrape, one CadvisorState per container (nullptr
  // until looked up: pods of stopped kubelets are not), valid while the
  // kubelet's pods_version() and both epochs are the ones recorded.
  struct Slots {
    std::vector<std::pair<const std::string*, const PodRuntime*>> runtimes;
    std::vector<PodScrape*> pods;
    std::vector<CadvisorState*> containers;
    uint64_t pods_version = UINT64_MAX, cadvisor_epoch = UINT64_MAX, pod_scrape_epoch = UINT64_MAX;
  } slots_;
  std::map<std::string, ServiceState> services_;         // "ns/service"
  std::map<std::string, EndpointsView> endpoints_;       // "ns/service"
  using PodName = std::pair<std::string, std::string>;  // (namespace, name)
  std::map<PodName, KsmPod> ksm_pods_;  // in the API's list order
  std::set<PodName> ksm_changed_;       // pods added, changed or deleted since the last read
  std::map<std::string, KsmDeployment> ksm_deployments_; // "ns/name"
};

}  // namespace kf::sim
