#include "engine/sim/metrics_emitter.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "engine/sim/service_reachability.h"
#include "engine/sim/sim_util.h"
#include "engine/sim/traffic_model.h"
#include "engine/sim/workload_model.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;

// Sorts (key, value) entries by key and keeps the last entry of each key,
// as assigning them to a map in order would.
template <typename V>
void SortUniqueKeepLast(std::vector<std::pair<std::string, V>>& entries) {
  auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (!std::is_sorted(entries.begin(), entries.end(), by_key)) {
    std::stable_sort(entries.begin(), entries.end(), by_key);
  }
  size_t out = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i + 1 < entries.size() && entries[i + 1].first == entries[i].first) continue;
    if (out != i) std::swap(entries[out], entries[i]);
    ++out;
  }
  entries.resize(out);
}

std::string FormatLe(double v) {
  if (std::isinf(v)) return "+Inf";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

Labels Cadvisor(const char* name, const PodRuntime& p, const ContainerRuntime& c) {
  return {{"__name__", name},      {"container", c.name}, {"image", c.image},
          {"job", "kubelet"},      {"metrics_path", "/metrics/cadvisor"},
          {"namespace", p.ns},     {"node", p.node},      {"pod", p.name}};
}

// kube-state-metrics v2 labels every pod-level container series with the
// pod's uid.
Labels Ksm(const char* name, const std::string& ns, const std::string& pod,
           const std::string& uid, const std::string& container) {
  return {{"__name__", name}, {"container", container}, {"job", "kube-state-metrics"},
          {"namespace", ns},  {"pod", pod},             {"uid", uid}};
}

}  // namespace

MetricsEmitter::MetricsEmitter(SimWorld* world, const Kubelet* kubelet) : w_(world), kubelet_(kubelet) {
  w_->store.AddListener([this](const std::string& kind, const Json& obj, Change) {
    if (kind == "Pod") ksm_changed_.emplace(NamespaceOf(obj), NameOf(obj));
  });
}

template <typename MakeLabels>
void MetricsEmitter::Put(Tracked& t, MakeLabels&& make_labels, double v) {
  if (t.id == UINT32_MAX) t.id = w_->series.Intern(make_labels());
  w_->series.Append(t.id, w_->clock.Now(), v);
  t.live = true;
}

void MetricsEmitter::Stale(Tracked& t) {
  if (!t.live) return;
  w_->series.Append(t.id, w_->clock.Now(), StaleNaN());
  t.live = false;
}

const ContainerUsage* MetricsEmitter::Usage(const std::string& ns, const std::string& pod,
                                            const std::string& container) const {
  auto it = cadvisor_.find(ns + "/" + pod + "/" + container);
  return it == cadvisor_.end() ? nullptr : &it->second.usage;
}

MetricsEmitter::EndpointsView& MetricsEmitter::ViewOf(const std::string& ns,
                                                            const std::string& service) {
  EndpointsView& v = endpoints_[KeyOf(ns, service)];
  const Json* ep = w_->store.Get("Endpoints", ns, service);
  const std::string rv = ep != nullptr ? ResourceVersionOf(*ep) : "";
  if (rv == v.rv && !rv.empty()) return v;
  v.rv = rv;
  v.resolved_at = UINT64_MAX;  // ready changes: its runtimes are resolved again
  v.ready.clear();
  v.refused.clear();
  v.selected = 0;
  if (ep == nullptr) return v;
  const Json* subsets = JsonAtPath(*ep, "subsets");
  if (subsets == nullptr || !subsets->is_array()) return v;
  for (const Json& subset : *subsets) {
    const std::vector<int64_t> ports = SubsetPorts(subset);
    if (auto it = subset.find("addresses"); it != subset.end() && it->is_array()) {
      for (const Json& a : *it) {
        const std::string pod_name = StrAt(a, "targetRef.name");
        const Json* pod = w_->store.Get("Pod", ns, pod_name);
        bool listens = ports.empty();
        for (int64_t port : ports) listens = listens || pod == nullptr || PodListensOn(*pod, port);
        (listens ? v.ready : v.refused).push_back(KeyOf(ns, pod_name));
        ++v.selected;
      }
    }
    if (auto it = subset.find("notReadyAddresses"); it != subset.end() && it->is_array()) {
      v.selected += it->size();
    }
  }
  return v;
}

const MetricsEmitter::EndpointsView& MetricsEmitter::ResolvedViewOf(const std::string& ns,
                                                                    const std::string& service) {
  EndpointsView& v = ViewOf(ns, service);
  if (v.resolved_at == kubelet_->pods_version() && v.resolved_epoch == pod_scrape_epoch_) return v;
  v.ready_runtime.clear();
  v.ready_scrape.clear();
  for (const std::string& pod : v.ready) {
    v.ready_runtime.push_back(kubelet_->FindKey(pod));
    v.ready_scrape.push_back(&pod_scrape_[pod]);
  }
  v.resolved_at = kubelet_->pods_version();
  v.resolved_epoch = pod_scrape_epoch_;
  return v;
}

// Requests per second each ready endpoint of a Service with traffic serves.
void MetricsEmitter::TrafficShares() {
  for (const TrafficProfile& t : w_->scenario.traffic) {
    const EndpointsView& v = ResolvedViewOf(t.ns, t.service);
    const double service_rps = TrafficRpsAt(t, w_->clock.Now());
    for (PodScrape* scrape : v.ready_scrape) {
      PodScrape& ps = *scrape;
      if (ps.rps_scrape != scrapes_) {
        ps.rps = 0;
        ps.rps_scrape = scrapes_;
      }
      ps.rps += service_rps / static_cast<double>(v.ready.size());
    }
  }
}

void MetricsEmitter::ScrapeContainers() {
  const UnixMillis now = w_->clock.Now();
  const double dt = kScrapeInterval / 1000.0;
  const int64_t scrape = scrapes_;
  std::string key;  // "ns/pod/container", reused
  // The kubelet's pods are listed, and their entries looked up (created),
  // only when the cached slots are stale; a pod's entries are looked up
  // while its slot is nullptr (never yet, or its kubelet was stopped).
  const bool cached = slots_.pods_version == kubelet_->pods_version() &&
                      slots_.cadvisor_epoch == cadvisor_epoch_ && slots_.pod_scrape_epoch == pod_scrape_epoch_;
  if (!cached) {
    slots_.runtimes.clear();
    slots_.pods.clear();
    slots_.containers.clear();
    for (const auto& [pod_key, p] : kubelet_->pods()) {
      slots_.runtimes.emplace_back(&pod_key, &p);
      slots_.pods.push_back(nullptr);
      slots_.containers.insert(slots_.containers.end(), p.containers.size(), nullptr);
    }
  }
  size_t seen = 0;  // distinct cadvisor_ entries stamped with this scrape
  size_t container_slot = 0;
  for (size_t pod_slot = 0; pod_slot < slots_.runtimes.size(); ++pod_slot) {
    const auto [pod_key, pr] = slots_.runtimes[pod_slot];
    const PodRuntime& p = *pr;
    const size_t first_container = container_slot;
    container_slot += p.containers.size();
    if (w_->KubeletStopped(p.node)) continue;  // its cAdvisor cannot be scraped
    if (slots_.pods[pod_slot] == nullptr) {
      slots_.pods[pod_slot] = &pod_scrape_[*pod_key];
      for (size_t i = 0; i < p.containers.size(); ++i) {
        key.assign(*pod_key).append("/").append(p.containers[i].name);
        slots_.containers[first_container + i] = &cadvisor_[key];
      }
    }
    PodScrape* ps = slots_.pods[pod_slot];
    const double pod_rps = ps->rps_scrape == scrape ? ps->rps : 0;
    for (size_t i = 0; i < p.containers.size(); ++i) {
      const ContainerRuntime& c = p.containers[i];
      CadvisorState& cs = *slots_.containers[first_container + i];
      if (cs.seen_scrape != scrape) {
        cs.seen_scrape = scrape;
        ++seen;
      }
      ContainerUsage& u = cs.usage;
      u.at = now;
      if (c.state != State::kRunning) {
        u.cpu_millicores = 0;
        u.memory_bytes = 0;
        for (Tracked* t : {&cs.mem, &cs.cpu, &cs.periods, &cs.throttled}) Stale(*t);
        continue;
      }
      if (cs.instance != c.current.index) {  // a new container: counters restart
        cs.instance = c.current.index;
        cs.cpu_seconds = cs.periods_total = cs.throttled_total = 0;
      }
      const int64_t mem = MemoryAt(c.current.model, now);
      const double fraction =
          c.memory_limit > 0 ? static_cast<double>(mem) / static_cast<double>(c.memory_limit) : 0;
      const double gc = GcPressure(fraction, c.profile->latency.gc_threshold);
      const double demand = CpuDemand(c.current.model, now, pod_rps, gc);
      const double used = c.cpu_limit > 0 ? std::min<double>(demand, c.cpu_limit) : demand;
      u.cpu_millicores = used;
      u.memory_bytes = mem;
      if (pod_rps > 0) {
        const double earlier_gc = ps->serving_scrape == scrape ? ps->serving.gc_pressure : 0;
        ps->serving = PodServing{pod_rps, std::max(gc, earlier_gc), CpuStarvation(demand, c.cpu_limit)};
        ps->serving_scrape = scrape;
      }
      cs.cpu_seconds += used / 1000.0 * dt;
      Put(cs.mem, [&] { return Cadvisor("container_memory_working_set_bytes", p, c); },
          static_cast<double>(mem));
      Put(cs.cpu, [&] { return Cadvisor("container_cpu_usage_seconds_total", p, c); },
          cs.cpu_seconds);
      if (c.cpu_limit > 0) {
        const double periods = dt * 10;  // 100ms CFS periods
        cs.periods_total += periods;
        if (demand > c.cpu_limit) cs.throttled_total += std::round(periods * (1 - c.cpu_limit / demand));
        Put(cs.periods, [&] { return Cadvisor("container_cpu_cfs_periods_total", p, c); },
            cs.periods_total);
        Put(cs.throttled,
            [&] { return Cadvisor("container_cpu_cfs_throttled_periods_total", p, c); },
            cs.throttled_total);
      }
    }
  }
  // Entries are only made above, so when every one was seen none is stale.
  for (auto it = cadvisor_.begin(); seen != cadvisor_.size() && it != cadvisor_.end();) {
    if (it->second.seen_scrape == scrape) {
      ++it;
      continue;
    }
    for (Tracked* t : {&it->second.mem, &it->second.cpu, &it->second.periods, &it->second.throttled}) {
      Stale(*t);
    }
    it = cadvisor_.erase(it);
    ++cadvisor_epoch_;
  }
  slots_.pods_version = kubelet_->pods_version();
  slots_.cadvisor_epoch = cadvisor_epoch_;
  slots_.pod_scrape_epoch = pod_scrape_epoch_;
}

void MetricsEmitter::ScrapeServices() {
  const UnixMillis now = w_->clock.Now();
  const double dt = kScrapeInterval / 1000.0;
  for (const TrafficProfile& t : w_->scenario.traffic) {
    const std::string skey = KeyOf(t.ns, t.service);
    ServiceState& s = services_[skey];
    if (s.bucket_totals.empty()) {
      s.bucket_totals.assign(t.buckets.size() + 1, 0);
      s.buckets.resize(t.buckets.size() + 1);
    }
    const double noise = 1 + 0.02 * NoiseAt(HashString(skey), now);
    const double rps = TrafficRpsAt(t, now);
    const double total = std::round(rps * dt * std::max(0.5, noise));
    // Ready endpoints share the traffic; every selected endpoint is nominal.
    const EndpointsView& view = ResolvedViewOf(t.ns, t.service);
    const size_t nominal = view.selected;
    const size_t ready = view.ready.size();
    double served = 0, errors_500 = 0, errors_502 = 0, errors_503 = 0;
    const double shared_rps = rps / static_cast<double>(std::max<size_t>(nominal, 1));
    // The per-pod rate at which a profile's p50/p99 hold.
    auto nominal_rps = [&](const LatencyProfile& lp) { return lp.nominal_rps > 0 ? lp.nominal_rps : shared_rps; };
    auto serving_container = [](const PodRuntime* pr) -> const ContainerRuntime* {
      if (pr == nullptr || pr->containers.empty() || pr->containers[0].profile == nullptr) return nullptr;
      return &pr->containers[0];
    };
    // Requests in flight on a container killed since the last scrape fail
    // with 502.
    for (const auto& [pod, seen] : s.kills_seen) {
      if (seen.scrape != s.last_scrape) continue;
      const PodRuntime* pr = seen.version == kubelet_->pods_version() ? seen.runtime : kubelet_->FindKey(pod);
      const ContainerRuntime* c = serving_container(pr);
      const int kills = c != nullptr ? c->kills : seen.kills + 1;
      if (kills <= seen.kills || ready == 0) continue;
      const double pod_rps = rps / static_cast<double>(ready + 1);
      const LatencyProfile& lp = c != nullptr ? c->profile->latency : LatencyProfile{};
      errors_502 += std::round((kills - seen.kills) * pod_rps *
                               std::min(30.0, LatencyMean(PodLatency(lp, pod_rps, nominal_rps(lp), 1))));
    }
    // Connections to an endpoint whose port no container listens on are
    // refused: the proxy in front answers 502 Bad Gateway.
    const size_t reachable = ready + view.refused.size();
    if (reachable == 0) {
      errors_503 = total;
    } else if (!view.refused.empty()) {
      errors_502 += total * static_cast<double>(view.refused.size()) / static_cast<double>(reachable);
    }
    size_t next = 0;  // entries of s.kills_next filled
    constexpr uint32_t kNoEntry = UINT32_MAX;
    const bool in_place = ready > 0 && s.kills_slot.size() == ready && s.kills_at == view.resolved_at &&
                          s.kills_epoch == view.resolved_epoch && s.kills_rv == view.rv;
    if (!in_place) s.kills_slot.assign(ready, kNoEntry);
    if (ready > 0) {
      const double share = total / static_cast<double>(reachable);
      const double pod_rps = rps / static_cast<double>(reachable);
      // Pods of one Service mostly share one distribution: its bucket
      // fractions are computed once per distinct distribution in a row.
      LatencyDist cached{NAN, NAN};
      std::vector<double> cdf(t.buckets.size());
      for (size_t i = 0; i < ready; ++i) {
        const std::string& pod = view.ready[i];
        const ContainerRuntime* c = serving_container(view.ready_runtime[i]);
        if (c == nullptr) continue;
        const KillsSeen now_seen{c->kills, scrapes_, view.ready_runtime[i], kubelet_->pods_version()};
        if (in_place) {
          // The last of equal pods wins, as in the rebuild below.
          if (s.kills_slot[i] != kNoEntry) s.kills_seen[s.kills_slot[i]].second = now_seen;
        } else {
          if (next == s.kills_next.size()) s.kills_next.emplace_back();
          s.kills_next[next].first.assign(pod);
          s.kills_next[next++].second = now_seen;
          s.kills_slot[i] = 0;  // has an entry; where is known once sorted
        }
        const PodScrape& ps = *view.ready_scrape[i];
        const PodServing* serving = ps.serving_scrape == scrapes_ ? &ps.serving : nullptr;
        const LatencyProfile& lp = c->profile->latency;
        const LatencyDist d = Throttled(PodLatency(lp, pod_rps, nominal_rps(lp), serving ? serving->gc_pressure : 0),
                                        serving ? serving->cpu_starvation : 1);
        if (d.mu != cached.mu || d.sigma != cached.sigma) {
          cached = d;
          for (size_t b = 0; b < t.buckets.size(); ++b) cdf[b] = LatencyCdf(d, t.buckets[b]);
        }
        for (size_t b = 0; b < t.buckets.size(); ++b) s.bucket_totals[b] += share * cdf[b];
        s.bucket_totals.back() += share;
        s.sum_total += share * LatencyMean(d);
        s.count_total += share;
        served += share;
        errors_500 += share * lp.error_ratio;
      }
    }
    if (!in_place) {
      // Pods that were not ready endpoints this scrape are forgotten.
      s.kills_next.resize(next);
      SortUniqueKeepLast(s.kills_next);
      std::swap(s.kills_seen, s.kills_next);
      for (size_t i = 0; i < ready; ++i) {
        if (s.kills_slot[i] == kNoEntry) continue;
        s.kills_slot[i] = static_cast<uint32_t>(
            std::lower_bound(s.kills_seen.begin(), s.kills_seen.end(), view.ready[i],
                             [](const auto& e, const std::string& pod) { return e.first < pod; }) -
            s.kills_seen.begin());
      }
      s.kills_rv = view.rv;
      s.kills_at = view.resolved_at;
      s.kills_epoch = view.resolved_epoch;
    }
    s.last_scrape = scrapes_;
    s.code_totals["200"] += served - errors_500;
    s.code_totals["500"] += errors_500;
    if (errors_502 > 0 || s.code_totals.count("502")) s.code_totals["502"] += errors_502;
    if (errors_503 > 0 || s.code_totals.count("503")) s.code_totals["503"] += errors_503;
    auto base = [&](const char* name) {
      return Labels{{"__name__", name}, {"job", t.service}, {"namespace", t.ns}, {"service", t.service}};
    };
    for (size_t b = 0; b <= t.buckets.size(); ++b) {
      Put(s.buckets[b], [&] {
        Labels l = base("http_request_duration_seconds_bucket");
        l["le"] = b < t.buckets.size() ? FormatLe(t.buckets[b]) : "+Inf";
        return l;
      }, s.bucket_totals[b]);
    }
    Put(s.sum, [&] { return base("http_request_duration_seconds_sum"); }, s.sum_total);
    Put(s.count, [&] { return base("http_request_duration_seconds_count"); }, s.count_total);
    for (auto& [code, value] : s.code_totals) {
      Put(s.codes[code], [&] {
        Labels l = base("http_requests_total");
        l["code"] = code;
        return l;
      }, value);
    }
  }
}

void MetricsEmitter::ReadKsmPod(const Json& pod, KsmPod& state) {
  const Json* specs = JsonAtPath(pod, "spec.containers");
  const Json* statuses = JsonAtPath(pod, "status.containerStatuses");
  const size_t n = specs != nullptr && specs->is_array() ? specs->size() : 0;
  state.containers.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const Json& spec = (*specs)[i];
    KsmContainer& k = state.containers[i];
    k.ns = NamespaceOf(pod);
    k.pod = NameOf(pod);
    k.uid = UidOf(pod);
    k.node = StrAt(pod, "spec.nodeName");
    k.container = JsonString(spec, "name");
    const Json* res = JsonAtPath(spec, "resources");
    const Json empty = Json::object();
    k.lim_mem_v = MemoryBytes(res ? *res : empty, "limits");
    k.lim_cpu_v = CpuMilli(res ? *res : empty, "limits");
    k.req_mem_v = MemoryBytes(res ? *res : empty, "requests");
    k.req_cpu_v = CpuMilli(res ? *res : empty, "requests");
    const Json* status = nullptr;
    if (statuses != nullptr && statuses->is_array()) {
      for (const Json& st : *statuses) {
        if (JsonString(st, "name") == k.container) status = &st;
      }
    }
    k.has_status = status != nullptr;
    std::string term, wait;
    if (status != nullptr) {
      k.restarts_v = static_cast<double>(JsonInt(*status, "restartCount"));
      term = StrAt(*status, "lastState.terminated.reason");
      wait = StrAt(*status, "state.waiting.reason");
    }
    if (term != k.term_reason) {
      Stale(k.term);
      k.term = Tracked{};
      k.term_reason = term;
    }
    if (wait != k.wait_reason) {
      Stale(k.wait);
      k.wait = Tracked{};
      k.wait_reason = wait;
    }
  }
}

void MetricsEmitter::EmitKsmContainer(KsmContainer& k) {
  auto resource = [&](const char* metric, const char* r, const char* unit) {
    return [&k, metric, r, unit] {
      Labels l = Ksm(metric, k.ns, k.pod, k.uid, k.container);
      l["node"] = k.node;
      l["resource"] = r;
      l["unit"] = unit;
      return l;
    };
  };
  if (k.lim_mem_v > 0) {
    Put(k.lim_mem, resource("kube_pod_container_resource_limits", "memory", "byte"),
        static_cast<double>(k.lim_mem_v));
  }
  if (k.lim_cpu_v > 0) {
    Put(k.lim_cpu, resource("kube_pod_container_resource_limits", "cpu", "core"),
        k.lim_cpu_v / 1000.0);
  }
  if (k.req_mem_v > 0) {
    Put(k.req_mem, resource("kube_pod_container_resource_requests", "memory", "byte"),
        static_cast<double>(k.req_mem_v));
  }
  if (k.req_cpu_v > 0) {
    Put(k.req_cpu, resource("kube_pod_container_resource_requests", "cpu", "core"),
        k.req_cpu_v / 1000.0);
  }
  if (!k.has_status) return;
  Put(k.restarts, [&] {
    return Ksm("kube_pod_container_status_restarts_total", k.ns, k.pod, k.uid, k.container);
  }, k.restarts_v);
  if (!k.term_reason.empty()) {
    Put(k.term, [&] {
      Labels l = Ksm("kube_pod_container_status_last_terminated_reason", k.ns, k.pod, k.uid, k.container);
      l["reason"] = k.term_reason;
      return l;
    }, 1);
  }
  if (!k.wait_reason.empty()) {
    Put(k.wait, [&] {
      Labels l = Ksm("kube_pod_container_status_waiting_reason", k.ns, k.pod, k.uid, k.container);
      l["reason"] = k.wait_reason;
      return l;
    }, 1);
  }
}

void MetricsEmitter::StaleKsmPod(KsmPod& state) {
  for (KsmContainer& k : state.containers) {
    for (Tracked* t : {&k.restarts, &k.lim_mem, &k.lim_cpu, &k.req_mem, &k.req_cpu, &k.term, &k.wait}) {
      Stale(*t);
    }
  }
}

void MetricsEmitter::ScrapeKubeState() {
  for (auto& [key, k] : ksm_deployments_) k.seen = false;
  for (const PodName& key : ksm_changed_) {
    const Json* pod = w_->store.Get("Pod", key.first, key.second);
    auto known = ksm_pods_.find(key);
    if (known != ksm_pods_.end() && (pod == nullptr || UidOf(*pod) != known->second.uid)) {
      StaleKsmPod(known->second);  // deleted, or replaced by a pod of the same name
      ksm_pods_.erase(known);
    }
    if (pod == nullptr) continue;
    KsmPod& state = ksm_pods_[key];
    state.uid = UidOf(*pod);
    ReadKsmPod(*pod, state);
  }
  ksm_changed_.clear();
  for (auto& [key, state] : ksm_pods_) {
    for (KsmContainer& k : state.containers) EmitKsmContainer(k);
  }
  for (const Json* d : w_->store.List("Deployment")) {
    const std::string ns = NamespaceOf(*d), name = NameOf(*d);
    KsmDeployment& k = ksm_deployments_[KeyOf(ns, name)];
    k.seen = true;
    auto labels = [&](const char* metric) {
      return [=] {
        return Labels{{"__name__", metric}, {"deployment", name}, {"job", "kube-state-metrics"},
                      {"namespace", ns}};
      };
    };
    Put(k.available, labels("kube_deployment_status_replicas_available"),
        static_cast<double>(IntAt(*d, "status.availableReplicas")));
    Put(k.spec, labels("kube_deployment_spec_replicas"),
        static_cast<double>(IntAt(*d, "spec.replicas", 1)));
    Put(k.updated, labels("kube_deployment_status_replicas_updated"),
        static_cast<double>(IntAt(*d, "status.updatedReplicas")));
  }
  for (auto it = ksm_deployments_.begin(); it != ksm_deployments_.end();) {
    if (it->second.seen) {
      ++it;
      continue;
    }
    for (Tracked* t : {&it->second.available, &it->second.spec, &it->second.updated}) Stale(*t);
    it = ksm_deployments_.erase(it);
  }
}

void MetricsEmitter::Scrape() {
  TrafficShares();
  ScrapeContainers();
  ScrapeServices();
  // Forget pods the kubelet no longer runs that no Service sent traffic to
  // this scrape. Entries are only ever added between sweeps, so while the
  // kubelet's pods and the entry count are those of a sweep that found
  // every entry's pod running, there is nothing to forget.
  if (all_running_.pods_version != kubelet_->pods_version() || all_running_.entries != pod_scrape_.size()) {
    bool all_running = true;
    if (std::erase_if(pod_scrape_, [&](const auto& e) {
          if (kubelet_->FindKey(e.first) != nullptr) return false;
          if (e.second.rps_scrape != scrapes_) return true;
          all_running = false;  // kept: a Service sent it traffic this scrape
          return false;
        }) > 0) {
      ++pod_scrape_epoch_;
    }
    all_running_ = all_running ? AllRunning{kubelet_->pods_version(), pod_scrape_.size()} : AllRunning{};
  }
  if (scrapes_++ % 2 == 0) ScrapeKubeState();
}

}  // namespace kf::sim
