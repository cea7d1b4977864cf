#include "engine/sim/resource_quota.h"

#include <map>
#include <vector>

#include "engine/core/quantity.h"
#include "engine/core/strings.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

// The canonical name of a tracked resource, "" when this model does not
// count it.
std::string Canonical(const std::string& key) {
  if (key == "cpu") return "requests.cpu";
  if (key == "memory") return "requests.memory";
  if (key == "pods" || key == "requests.cpu" || key == "requests.memory" || key == "limits.cpu" ||
      key == "limits.memory") {
    return key;
  }
  return "";
}

bool IsCpu(const std::string& canonical) { return canonical.ends_with(".cpu"); }

// What one pod counts against each tracked resource: millicores for CPU,
// bytes for memory, 1 for pods.
std::map<std::string, int64_t> PodUsage(const Json& pod) {
  std::map<std::string, int64_t> u = {{"pods", 1}};
  const Json* cs = JsonAtPath(pod, "spec.containers");
  if (cs == nullptr || !cs->is_array()) return u;
  for (const Json& c : *cs) {
    const Json* r = JsonAtPath(c, "resources");
    if (r == nullptr) continue;
    u["requests.cpu"] += CpuMilli(*r, "requests");
    u["requests.memory"] += MemoryBytes(*r, "requests");
    u["limits.cpu"] += CpuMilli(*r, "limits");
    u["limits.memory"] += MemoryBytes(*r, "limits");
  }
  return u;
}

std::map<std::string, int64_t> NamespaceUsage(const SimWorld& w, const std::string& ns) {
  std::map<std::string, int64_t> total;
  for (const Json* pod : w.store.List("Pod", ns)) {
    if (IsPodTerminal(*pod)) continue;
    for (const auto& [k, v] : PodUsage(*pod)) total[k] += v;
  }
  return total;
}

// The hard limit in the unit PodUsage counts; -1 when unparsable.
int64_t HardValue(const std::string& canonical, const Json& value) {
  const std::string s = value.is_string() ? value.get<std::string>() : value.dump();
  Result<Quantity> q = Quantity::Parse(s);
  if (!q.ok()) return -1;
  if (IsCpu(canonical)) return q->milli();
  return q->Value();
}

std::string Format(const std::string& canonical, int64_t v) {
  if (canonical == "pods") return std::to_string(v);
  return IsCpu(canonical) ? FormatCpu(v) : FormatMemory(v);
}

// key=value,key=value sorted by key (quota's prettyPrint).
std::string Pretty(const std::map<std::string, std::string>& m) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : m) parts.push_back(k + "=" + v);
  return Join(parts, ",");
}

}  // namespace

Status AdmitPodQuota(const SimWorld& w, const Json& pod) {
  const std::string ns = NamespaceOf(pod);
  const auto quotas = w.store.List("ResourceQuota", ns);
  if (quotas.empty()) return Status::Ok();
  const auto want = PodUsage(pod);
  const auto used = NamespaceUsage(w, ns);
  for (const Json* quota : quotas) {
    const Json* hard = JsonAtPath(*quota, "spec.hard");
    if (hard == nullptr || !hard->is_object()) continue;
    std::map<std::string, std::string> requested, was, limited;
    for (auto it = hard->begin(); it != hard->end(); ++it) {
      const std::string c = Canonical(it.key());
      const int64_t limit = c.empty() ? -1 : HardValue(c, it.value());
      if (limit < 0) continue;
      const int64_t add = want.count(c) ? want.at(c) : 0;
      const int64_t now = used.count(c) ? used.at(c) : 0;
      if (add == 0 || now + add <= limit) continue;
      requested[it.key()] = Format(c, add);
      was[it.key()] = Format(c, now);
      limited[it.key()] = Format(c, limit);
    }
    if (requested.empty()) continue;
    std::string name = NameOf(pod);
    if (name.empty()) name = StrAt(pod, "metadata.generateName");
    return PermissionDenied("pods \"" + name + "\" is forbidden: exceeded quota: " + NameOf(*quota) +
                            ", requested: " + Pretty(requested) + ", used: " + Pretty(was) +
                            ", limited: " + Pretty(limited));
  }
  return Status::Ok();
}

void SyncQuotaStatus(SimWorld* w, const std::string& ns) {
  const auto quotas = w->store.List("ResourceQuota", ns);
  if (quotas.empty()) return;
  const auto used = NamespaceUsage(*w, ns);
  std::vector<Json> updates;
  for (const Json* quota : quotas) {
    const Json* hard = JsonAtPath(*quota, "spec.hard");
    Json st_hard = Json::object(), st_used = Json::object();
    if (hard != nullptr && hard->is_object()) {
      for (auto it = hard->begin(); it != hard->end(); ++it) {
        const std::string c = Canonical(it.key());
        const int64_t limit = c.empty() ? -1 : HardValue(c, it.value());
        st_hard[it.key()] = limit < 0 ? it.value() : Json(Format(c, limit));
        if (c.empty()) continue;
        st_used[it.key()] = Format(c, used.count(c) ? used.at(c) : 0);
      }
    }
    const Json status = {{"hard", st_hard}, {"used", st_used}};
    if (quota->value("status", Json::object()) == status) continue;
    Json q = *quota;
    q["status"] = status;
    updates.push_back(std::move(q));
  }
  for (Json& q : updates) (void)w->store.Replace(std::move(q));
}

}  // namespace kf::sim
