// kubelet:, workloads:, traffic: and pins: sections.
#include <set>

#include "engine/scenario/scenario_sections.h"

namespace kf::scenario_internal {

namespace {

Status ReadSpike(const Fields& f, const Json& v, const std::string& p, SpikeProfile* s) {
  KF_RETURN_IF_ERROR(f.CheckMap(v, p, {"size", "every", "first_after", "duration"}));
  KF_RETURN_IF_ERROR(f.Bytes(v, p, "size", &s->size));
  KF_RETURN_IF_ERROR(f.Duration(v, p, "every", &s->every));
  s->first_after = s->every;
  KF_RETURN_IF_ERROR(f.Duration(v, p, "first_after", &s->first_after));
  KF_RETURN_IF_ERROR(f.Duration(v, p, "duration", &s->duration));
  if (s->size != 0 && s->every <= 0) return f.Error(JoinPath(p, "every"), "must be positive");
  return Status::Ok();
}

Status ReadMemory(const Fields& f, const Json& v, const std::string& p, MemoryProfile* m) {
  KF_RETURN_IF_ERROR(f.CheckMap(v, p, {"startup", "baseline", "warmup", "growth_per_hour",
                                       "noise", "spread", "spike"}));
  KF_RETURN_IF_ERROR(f.Bytes(v, p, "baseline", &m->baseline));
  m->startup = m->baseline;
  KF_RETURN_IF_ERROR(f.Bytes(v, p, "startup", &m->startup));
  KF_RETURN_IF_ERROR(f.Duration(v, p, "warmup", &m->warmup));
  int64_t growth = 0;
  KF_RETURN_IF_ERROR(f.Bytes(v, p, "growth_per_hour", &growth));
  m->growth_per_hour = static_cast<double>(growth);
  KF_RETURN_IF_ERROR(f.Bytes(v, p, "noise", &m->noise));
  KF_RETURN_IF_ERROR(f.Bytes(v, p, "spread", &m->spread));
  if (v.contains("spike")) KF_RETURN_IF_ERROR(ReadSpike(f, v["spike"], JoinPath(p, "spike"), &m->spike));
  return Status::Ok();
}

Status ReadCpu(const Fields& f, const Json& v, const std::string& p, CpuProfile* c) {
  KF_RETURN_IF_ERROR(f.CheckMap(v, p, {"idle", "per_rps", "gc", "noise", "spread"}));
  KF_RETURN_IF_ERROR(f.Millicores(v, p, "idle", &c->idle));
  KF_RETURN_IF_ERROR(f.Millicores(v, p, "per_rps", &c->per_rps));
  KF_RETURN_IF_ERROR(f.Millicores(v, p, "gc", &c->gc));
  KF_RETURN_IF_ERROR(f.Millicores(v, p, "noise", &c->noise));
  KF_RETURN_IF_ERROR(f.Millicores(v, p, "spread", &c->spread));
  return Status::Ok();
}

Status ReadLatency(const Fields& f, const Json& v, const std::string& p, LatencyProfile* l) {
  KF_RETURN_IF_ERROR(f.CheckMap(v, p, {"p50", "p99", "gc_p99", "gc_threshold", "capacity_rps",
                                       "error_ratio", "nominal_rps"}));
  DurationMs p50 = static_cast<DurationMs>(l->p50_ms), p99 = static_cast<DurationMs>(l->p99_ms),
             gc = 0;
  KF_RETURN_IF_ERROR(f.Duration(v, p, "p50", &p50));
  KF_RETURN_IF_ERROR(f.Duration(v, p, "p99", &p99));
  KF_RETURN_IF_ERROR(f.Duration(v, p, "gc_p99", &gc));
  if (p50 <= 0 || p99 < p50) return f.Error(JoinPath(p, "p99"), "want 0 < p50 <= p99");
  l->p50_ms = static_cast<double>(p50);
  l->p99_ms = static_cast<double>(p99);
  l->gc_p99_ms = static_cast<double>(gc);
  KF_RETURN_IF_ERROR(f.Double(v, p, "gc_threshold", &l->gc_threshold));
  KF_RETURN_IF_ERROR(f.Double(v, p, "capacity_rps", &l->capacity_rps));
  KF_RETURN_IF_ERROR(f.Double(v, p, "error_ratio", &l->error_ratio));
  KF_RETURN_IF_ERROR(f.Double(v, p, "nominal_rps", &l->nominal_rps));
  if (l->nominal_rps < 0) return f.Error(JoinPath(p, "nominal_rps"), "must not be negative");
  if (l->gc_threshold <= 0 || l->gc_threshold >= 1) {
    return f.Error(JoinPath(p, "gc_threshold"), "must be between 0 and 1");
  }
  if (l->capacity_rps <= 0) return f.Error(JoinPath(p, "capacity_rps"), "must be positive");
  return Status::Ok();
}

Status ReadLogs(const Fields& f, const Json& v, const std::string& p, LogProfile* l) {
  KF_RETURN_IF_ERROR(f.CheckMap(v, p, {"startup", "every", "periodic", "spike", "pressure", "exit", "timestamps"}));
  KF_RETURN_IF_ERROR(f.StringList(v, p, "startup", &l->startup));
  KF_RETURN_IF_ERROR(f.Duration(v, p, "every", &l->every));
  KF_RETURN_IF_ERROR(f.StringList(v, p, "periodic", &l->periodic));
  KF_RETURN_IF_ERROR(f.String(v, p, "spike", &l->spike));
  KF_RETURN_IF_ERROR(f.String(v, p, "pressure", &l->pressure));
  KF_RETURN_IF_ERROR(f.StringList(v, p, "exit", &l->exit));
  if (v.contains("timestamps") && !v["timestamps"].is_null()) {
    if (!v["timestamps"].is_boolean()) return f.Error(JoinPath(p, "timestamps"), "expected true or false");
    l->timestamps = v["timestamps"].get<bool>();
  }
  if (!l->periodic.empty() && l->every <= 0) {
    return f.Error(JoinPath(p, "every"), "required when periodic lines are given");
  }
  return Status::Ok();
}

Status ReadWorkload(const Fields& f, const Json& v, const std::string& p, WorkloadProfile* w) {
  KF_RETURN_IF_ERROR(f.CheckMap(v, p, {"image", "pull", "size", "ready_after", "memory", "cpu",
                                       "latency", "logs", "exit", "wait_for_service_env"}));
  w->line = f.Line(p);
  KF_RETURN_IF_ERROR(f.String(v, p, "image", &w->image, true));
  KF_RETURN_IF_ERROR(f.Duration(v, p, "pull", &w->pull));
  KF_RETURN_IF_ERROR(f.Bytes(v, p, "size", &w->size_bytes));
  KF_RETURN_IF_ERROR(f.Duration(v, p, "ready_after", &w->ready_after));
  KF_RETURN_IF_ERROR(f.String(v, p, "wait_for_service_env", &w->wait_for_service_env));
  if (v.contains("memory")) KF_RETURN_IF_ERROR(ReadMemory(f, v["memory"], JoinPath(p, "memory"), &w->memory));
  if (v.contains("cpu")) KF_RETURN_IF_ERROR(ReadCpu(f, v["cpu"], JoinPath(p, "cpu"), &w->cpu));
  if (v.contains("latency")) {
    KF_RETURN_IF_ERROR(ReadLatency(f, v["latency"], JoinPath(p, "latency"), &w->latency));
  }
  if (v.contains("logs")) KF_RETURN_IF_ERROR(ReadLogs(f, v["logs"], JoinPath(p, "logs"), &w->logs));
  if (v.contains("exit")) {
    const std::string ep = JoinPath(p, "exit");
    KF_RETURN_IF_ERROR(f.CheckMap(v["exit"], ep, {"after", "code"}));
    KF_RETURN_IF_ERROR(f.Duration(v["exit"], ep, "after", &w->exit.after));
    int64_t code = w->exit.code;
    KF_RETURN_IF_ERROR(f.Int(v["exit"], ep, "code", &code));
    w->exit.code = static_cast<int>(code);
  }
  return Status::Ok();
}

bool ValidSuffix(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// A map of "namespace/name" → list of suffix-like strings.
Status ReadNameLists(const Fields& f, const Json& v, const std::string& p,
                     std::map<std::string, std::vector<std::string>>* out) {
  if (!v.is_object()) return f.Error(p, "expected a mapping");
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string kp = JoinPath(p, it.key());
    if (it.key().find('/') == std::string::npos) {
      return f.Error(kp, "key must be \"namespace/name\"");
    }
    std::vector<std::string> names;
    KF_RETURN_IF_ERROR(f.StringList(v, p, it.key().c_str(), &names));
    for (size_t i = 0; i < names.size(); ++i) {
      if (!ValidSuffix(names[i])) {
        return f.Error(JoinIndex(kp, i), "invalid name part \"" + names[i] +
                                             "\" (want lowercase letters and digits)");
      }
    }
    (*out)[it.key()] = names;
  }
  return Status::Ok();
}

}  // namespace

Status ReadKubelet(const Fields& f, const Json& v, KubeletSettings* k) {
  KF_RETURN_IF_ERROR(f.CheckMap(v, "kubelet", {"backoff_initial", "backoff_max", "backoff_resync",
                                               "tick"}));
  KF_RETURN_IF_ERROR(f.Duration(v, "kubelet", "backoff_initial", &k->backoff_initial));
  KF_RETURN_IF_ERROR(f.Duration(v, "kubelet", "backoff_max", &k->backoff_max));
  KF_RETURN_IF_ERROR(f.Duration(v, "kubelet", "backoff_resync", &k->backoff_resync));
  KF_RETURN_IF_ERROR(f.Duration(v, "kubelet", "tick", &k->tick));
  if (k->tick <= 0) return f.Error("kubelet.tick", "must be positive");
  if (k->backoff_resync <= 0) return f.Error("kubelet.backoff_resync", "must be positive");
  return Status::Ok();
}

Status ReadWorkloads(const Fields& f, const Json& v, std::vector<WorkloadProfile>* out) {
  KF_RETURN_IF_ERROR(f.CheckList(v, "workloads"));
  std::set<std::string> seen;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string p = JoinIndex("workloads", i);
    WorkloadProfile w;
    KF_RETURN_IF_ERROR(ReadWorkload(f, v[i], p, &w));
    if (!seen.insert(w.image).second) {
      return f.Error(JoinPath(p, "image"), "duplicate profile for image \"" + w.image + "\"");
    }
    out->push_back(std::move(w));
  }
  return Status::Ok();
}

namespace {

Status ReadRateChanges(const Fields& f, const Json& v, const std::string& p, UnixMillis alert_time,
                       std::vector<RateChange>* out) {
  KF_RETURN_IF_ERROR(f.CheckList(v, p));
  for (size_t k = 0; k < v.size(); ++k) {
    const std::string cp = JoinIndex(p, k);
    KF_RETURN_IF_ERROR(f.CheckMap(v[k], cp, {"at", "rps", "over"}));
    RateChange c;
    DurationMs at = 0;
    KF_RETURN_IF_ERROR(f.Duration(v[k], cp, "at", &at, /*required=*/true));
    c.at = alert_time + at;
    if (!v[k].contains("rps")) return f.Error(JoinPath(cp, "rps"), "required");
    KF_RETURN_IF_ERROR(f.Double(v[k], cp, "rps", &c.rps));
    if (c.rps < 0) return f.Error(JoinPath(cp, "rps"), "must not be negative");
    KF_RETURN_IF_ERROR(f.Duration(v[k], cp, "over", &c.over));
    if (c.over < 0) return f.Error(JoinPath(cp, "over"), "must not be negative");
    if (!out->empty() && c.at < out->back().at + out->back().over) {
      return f.Error(JoinPath(cp, "at"), "must not be before the previous change has finished");
    }
    out->push_back(c);
  }
  return Status::Ok();
}

}  // namespace

Status ReadTraffic(const Fields& f, const Json& v, UnixMillis alert_time, std::vector<TrafficProfile>* out) {
  KF_RETURN_IF_ERROR(f.CheckList(v, "traffic"));
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string p = JoinIndex("traffic", i);
    KF_RETURN_IF_ERROR(f.CheckMap(v[i], p, {"service", "namespace", "rps", "buckets", "changes"}));
    TrafficProfile t;
    t.line = f.Line(p);
    t.ns = "default";
    KF_RETURN_IF_ERROR(f.String(v[i], p, "service", &t.service, true));
    KF_RETURN_IF_ERROR(f.String(v[i], p, "namespace", &t.ns));
    KF_RETURN_IF_ERROR(f.Double(v[i], p, "rps", &t.rps));
    if (t.rps < 0) return f.Error(JoinPath(p, "rps"), "must not be negative");
    if (v[i].contains("changes")) {
      KF_RETURN_IF_ERROR(ReadRateChanges(f, v[i]["changes"], JoinPath(p, "changes"), alert_time, &t.changes));
    }
    t.buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    if (v[i].contains("buckets")) {
      const std::string bp = JoinPath(p, "buckets");
      const Json& b = v[i]["buckets"];
      KF_RETURN_IF_ERROR(f.CheckList(b, bp));
      t.buckets.clear();
      for (size_t k = 0; k < b.size(); ++k) {
        if (!b[k].is_number()) return f.Error(JoinIndex(bp, k), "expected a number");
        double le = b[k].get<double>();
        if (!t.buckets.empty() && le <= t.buckets.back()) {
          return f.Error(JoinIndex(bp, k), "bucket bounds must increase");
        }
        t.buckets.push_back(le);
      }
    }
    out->push_back(std::move(t));
  }
  return Status::Ok();
}

Status ReadPins(const Fields& f, const Json& v, ScenarioPins* out) {
  KF_RETURN_IF_ERROR(f.CheckMap(v, "pins", {"replicaset_hashes", "pod_names", "pods"}));
  if (v.contains("replicaset_hashes")) {
    KF_RETURN_IF_ERROR(ReadNameLists(f, v["replicaset_hashes"], "pins.replicaset_hashes",
                                     &out->replicaset_hashes));
  }
  if (v.contains("pod_names")) {
    KF_RETURN_IF_ERROR(ReadNameLists(f, v["pod_names"], "pins.pod_names", &out->pod_suffixes));
  }
  if (v.contains("pods")) {
    const Json& pods = v["pods"];
    if (!pods.is_object()) return f.Error("pins.pods", "expected a mapping");
    for (auto it = pods.begin(); it != pods.end(); ++it) {
      const std::string p = JoinPath("pins.pods", it.key());
      if (it.key().find('/') == std::string::npos) {
        return f.Error(p, "key must be \"namespace/pod\"");
      }
      KF_RETURN_IF_ERROR(f.CheckMap(it.value(), p, {"memory_offset", "cpu_offset"}));
      PodVariation var;
      KF_RETURN_IF_ERROR(f.Bytes(it.value(), p, "memory_offset", &var.memory_offset));
      KF_RETURN_IF_ERROR(f.Millicores(it.value(), p, "cpu_offset", &var.cpu_offset));
      out->pods[it.key()] = var;
    }
  }
  return Status::Ok();
}

}  // namespace kf::scenario_internal
