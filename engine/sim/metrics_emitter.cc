#include "engine/sim/metrics_emitter.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "engine/sim/sim_util.h"
#include "engine/sim/workload_model.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;

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

Labels Ksm(const char* name, const std::string& ns, const std::string& pod,
           const std::string& container) {
  return {{"__name__", name}, {"container", container}, {"job", "kube-state-metrics"},
          {"namespace", ns},  {"pod", pod}};
}

}  // namespace

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
  auto it = usage_.find(ns + "/" + pod + "/" + container);
  return it == usage_.end() ? nullptr : &it->second;
}

// Requests per second each ready endpoint of a Service with traffic serves.
std::map<std::string, double> MetricsEmitter::TrafficShares() {
  std::map<std::string, double> rps;
  for (const TrafficProfile& t : w_->scenario.traffic) {
    const Json* ep = w_->store.Get("Endpoints", t.ns, t.service);
    if (ep == nullptr) continue;
    std::vector<std::string> ready;
    for (const Json& subset : ep->value("subsets", Json::array())) {
      for (const Json& a : subset.value("addresses", Json::array())) {
        ready.push_back(StrAt(a, "targetRef.name"));
      }
    }
    for (const std::string& pod : ready) {
      rps[KeyOf(t.ns, pod)] += t.rps / static_cast<double>(ready.size());
    }
  }
  return rps;
}

void MetricsEmitter::ScrapeContainers(const std::map<std::string, double>& rps) {
  const UnixMillis now = w_->clock.Now();
  const double dt = kScrapeInterval / 1000.0;
  std::map<std::string, bool> seen;
  serving_.clear();
  for (const auto& [pod_key, p] : kubelet_->pods()) {
    auto r = rps.find(pod_key);
    const double pod_rps = r == rps.end() ? 0 : r->second;
    for (const ContainerRuntime& c : p.containers) {
      const std::string key = pod_key + "/" + c.name;
      CadvisorState& cs = cadvisor_[key];
      seen[key] = true;
      ContainerUsage& u = usage_[key];
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
      if (pod_rps > 0) serving_[pod_key] = PodServing{pod_rps, std::max(gc, serving_[pod_key].gc_pressure)};
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
  for (auto it = cadvisor_.begin(); it != cadvisor_.end();) {
    if (seen.count(it->first)) {
      ++it;
      continue;
    }
    for (Tracked* t : {&it->second.mem, &it->second.cpu, &it->second.periods, &it->second.throttled}) {
      Stale(*t);
    }
    usage_.erase(it->first);
    it = cadvisor_.erase(it);
  }
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
    const double total = std::round(t.rps * dt * std::max(0.5, noise));
    // Ready endpoints share the traffic; every selected endpoint is nominal.
    std::vector<std::pair<std::string, const PodServing*>> ready;
    size_t nominal = 0;
    const Json* ep = w_->store.Get("Endpoints", t.ns, t.service);
    if (ep != nullptr) {
      for (const Json& subset : ep->value("subsets", Json::array())) {
        for (const Json& a : subset.value("addresses", Json::array())) {
          const std::string pod = KeyOf(t.ns, StrAt(a, "targetRef.name"));
          auto it = serving_.find(pod);
          ready.emplace_back(pod, it == serving_.end() ? nullptr : &it->second);
        }
        nominal += subset.value("addresses", Json::array()).size() +
                   subset.value("notReadyAddresses", Json::array()).size();
      }
    }
    double served = 0, errors_500 = 0, errors_502 = 0, errors_503 = 0;
    const double nominal_rps = t.rps / static_cast<double>(std::max<size_t>(nominal, 1));
    auto runtime = [&](const std::string& pod) -> const ContainerRuntime* {
      const PodRuntime* pr = kubelet_->Find(pod.substr(0, pod.find('/')), pod.substr(pod.find('/') + 1));
      if (pr == nullptr || pr->containers.empty() || pr->containers[0].profile == nullptr) return nullptr;
      return &pr->containers[0];
    };
    // Requests in flight on a container killed since the last scrape fail
    // with 502.
    for (const auto& [pod, seen] : s.kills_seen) {
      const ContainerRuntime* c = runtime(pod);
      const int kills = c != nullptr ? c->kills : seen + 1;
      if (kills <= seen || ready.empty()) continue;
      const double pod_rps = t.rps / static_cast<double>(ready.size() + 1);
      const LatencyProfile& lp = c != nullptr ? c->profile->latency : LatencyProfile{};
      errors_502 += std::round((kills - seen) * pod_rps *
                               std::min(30.0, LatencyMean(PodLatency(lp, pod_rps, nominal_rps, 1))));
    }
    s.kills_seen.clear();
    if (ready.empty()) {
      errors_503 = total;
    } else {
      const double share = total / static_cast<double>(ready.size());
      const double pod_rps = t.rps / static_cast<double>(ready.size());
      for (const auto& [pod, serving] : ready) {
        const ContainerRuntime* c = runtime(pod);
        if (c == nullptr) continue;
        s.kills_seen[pod] = c->kills;
        const LatencyProfile& lp = c->profile->latency;
        const LatencyDist d = PodLatency(lp, pod_rps, nominal_rps, serving ? serving->gc_pressure : 0);
        for (size_t b = 0; b < t.buckets.size(); ++b) {
          s.bucket_totals[b] += share * LatencyCdf(d, t.buckets[b]);
        }
        s.bucket_totals.back() += share;
        s.sum_total += share * LatencyMean(d);
        s.count_total += share;
        served += share;
        errors_500 += share * lp.error_ratio;
      }
    }
    s.code_totals["200"] += served - errors_500;
    s.code_totals["500"] += errors_500;
    if (errors_502 > 0 || s.code_totals.count("502")) s.code_totals["502"] += errors_502;
    if (errors_503 > 0 || s.code_totals.count("503")) s.code_totals["503"] += errors_503;
    auto base = [&](const char* name) {
      return Labels{{"__name__", name}, {"job", t.service}, {"namespace", t.ns}, {"service", t.service}};
    };
    for (size_t b = 0; b <= t.buckets.size(); ++b) {
      const std::string le = b < t.buckets.size() ? FormatLe(t.buckets[b]) : "+Inf";
      Put(s.buckets[b], [&] {
        Labels l = base("http_request_duration_seconds_bucket");
        l["le"] = le;
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

void MetricsEmitter::KsmPod(const Json& pod) {
  const std::string ns = NamespaceOf(pod), name = NameOf(pod), node = StrAt(pod, "spec.nodeName");
  const Json* specs = JsonAtPath(pod, "spec.containers");
  const Json* statuses = JsonAtPath(pod, "status.containerStatuses");
  if (specs == nullptr || !specs->is_array()) return;
  for (const Json& spec : *specs) {
    const std::string cname = JsonString(spec, "name");
    KsmContainer& k = ksm_containers_[ns + "/" + name + "/" + cname];
    k.seen = true;
    const Json* status = nullptr;
    if (statuses != nullptr && statuses->is_array()) {
      for (const Json& s : *statuses) {
        if (JsonString(s, "name") == cname) status = &s;
      }
    }
    const Json res = spec.value("resources", Json::object());
    auto resource = [&](const char* metric, const char* r, const char* unit) {
      return [=] {
        Labels l = Ksm(metric, ns, name, cname);
        l["node"] = node;
        l["resource"] = r;
        l["unit"] = unit;
        return l;
      };
    };
    if (MemoryBytes(res, "limits") > 0) {
      Put(k.lim_mem, resource("kube_pod_container_resource_limits", "memory", "byte"),
          static_cast<double>(MemoryBytes(res, "limits")));
    }
    if (CpuMilli(res, "limits") > 0) {
      Put(k.lim_cpu, resource("kube_pod_container_resource_limits", "cpu", "core"),
          CpuMilli(res, "limits") / 1000.0);
    }
    if (MemoryBytes(res, "requests") > 0) {
      Put(k.req_mem, resource("kube_pod_container_resource_requests", "memory", "byte"),
          static_cast<double>(MemoryBytes(res, "requests")));
    }
    if (CpuMilli(res, "requests") > 0) {
      Put(k.req_cpu, resource("kube_pod_container_resource_requests", "cpu", "core"),
          CpuMilli(res, "requests") / 1000.0);
    }
    if (status == nullptr) continue;
    Put(k.restarts, [&] {
      Labels l = Ksm("kube_pod_container_status_restarts_total", ns, name, cname);
      l["uid"] = UidOf(pod);
      return l;
    }, static_cast<double>(JsonInt(*status, "restartCount")));
    const std::string term = StrAt(*status, "lastState.terminated.reason");
    if (term != k.term_reason) {
      Stale(k.term);
      k.term = Tracked{};
      k.term_reason = term;
    }
    if (!term.empty()) {
      Put(k.term, [&] {
        Labels l = Ksm("kube_pod_container_status_last_terminated_reason", ns, name, cname);
        l["reason"] = term;
        return l;
      }, 1);
    }
    const std::string wait = StrAt(*status, "state.waiting.reason");
    if (wait != k.wait_reason) {
      Stale(k.wait);
      k.wait = Tracked{};
      k.wait_reason = wait;
    }
    if (!wait.empty()) {
      Put(k.wait, [&] {
        Labels l = Ksm("kube_pod_container_status_waiting_reason", ns, name, cname);
        l["reason"] = wait;
        return l;
      }, 1);
    }
  }
}

void MetricsEmitter::ScrapeKubeState() {
  for (auto& [key, k] : ksm_containers_) k.seen = false;
  for (auto& [key, k] : ksm_deployments_) k.seen = false;
  for (const Json* pod : w_->store.List("Pod")) KsmPod(*pod);
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
  for (auto it = ksm_containers_.begin(); it != ksm_containers_.end();) {
    if (it->second.seen) {
      ++it;
      continue;
    }
    KsmContainer& k = it->second;
    for (Tracked* t : {&k.restarts, &k.lim_mem, &k.lim_cpu, &k.req_mem, &k.req_cpu, &k.term, &k.wait}) {
      Stale(*t);
    }
    it = ksm_containers_.erase(it);
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
  ScrapeContainers(TrafficShares());
  ScrapeServices();
  if (scrapes_++ % 2 == 0) ScrapeKubeState();
}

}  // namespace kf::sim
