// `kubectl get` for kinds other than pods, deployments, replicasets and
// events: the server-side Table columns of pkg/printers/internalversion for
// Service, Endpoints, Node, Namespace, ConfigMap, Secret, ServiceAccount,
// PersistentVolumeClaim, HorizontalPodAutoscaler, Job, CronJob, StatefulSet,
// DaemonSet, ResourceQuota (quota_table.cc), StorageClass and
// PersistentVolume (storage_table.cc); NAME AGE for anything else (what
// kubectl prints without a Table). RenderTable dispatches on the list's kind.
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <cstring>

#include "engine/core/duration.h"
#include "engine/core/strings.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"
#include "engine/tools/render/table_rows.h"

namespace kf {
namespace {

using render::At;
using render::Field;
using render::Int;
using render::Str;
using Rows = std::vector<std::vector<std::string>>;
using Row = std::vector<std::string>;

std::string Name(const Json& o) { return Str(At(o, {"metadata", "name"})); }
std::string Age(const Json& o, UnixMillis now) {
  return render::Since(At(o, {"metadata", "creationTimestamp"}), now);
}
size_t Count(const Json& j) { return j.is_object() || j.is_array() ? j.size() : 0; }
bool HasCondition(const Json& o, const char* type) {
  const Json& conds = At(o, {"status", "conditions"});
  if (conds.is_array())
    for (const Json& c : conds)
      if (Str(Field(c, "type")) == type && Str(Field(c, "status")) == "True") return true;
  return false;
}
// labels.FormatLabels: "a=b,c=d" sorted, "<none>" when empty.
std::string FormatLabels(const Json& m) {
  std::vector<std::string> parts;
  if (m.is_object())
    for (auto it = m.begin(); it != m.end(); ++it) parts.push_back(it.key() + "=" + Str(it.value()));
  return parts.empty() ? "<none>" : Join(parts, ",");
}

std::string ServiceExternalIp(const Json& svc) {
  std::string type = Str(At(svc, {"spec", "type"}));
  std::vector<std::string> external;
  for (const Json& ip : At(svc, {"spec", "externalIPs"})) external.push_back(Str(ip));
  if (type == "ClusterIP" || type == "NodePort" || type.empty())
    return external.empty() ? "<none>" : Join(external, ",");
  if (type == "LoadBalancer") {
    std::vector<std::string> ips;
    for (const Json& in : At(svc, {"status", "loadBalancer", "ingress"})) {
      if (!Str(Field(in, "ip")).empty()) ips.push_back(Str(Field(in, "ip")));
      else if (!Str(Field(in, "hostname")).empty()) ips.push_back(Str(Field(in, "hostname")));
    }
    std::string lb = Join(ips, ",");
    if (lb.size() > 16) lb = lb.substr(0, 13) + "...";
    if (!external.empty()) return lb.empty() ? Join(external, ",") : lb + "," + Join(external, ",");
    return lb.empty() ? "<pending>" : lb;
  }
  if (type == "ExternalName") return Str(At(svc, {"spec", "externalName"}));
  return "<unknown>";
}

Rows ServiceRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"}};
  for (const Json& s : items) {
    const Json& ips = At(s, {"spec", "clusterIPs"});
    std::string cluster_ip = ips.is_array() && !ips.empty() ? Str(ips[0]) : Str(At(s, {"spec", "clusterIP"}));
    std::vector<std::string> ports;
    for (const Json& p : At(s, {"spec", "ports"})) {
      std::string proto = Str(Field(p, "protocol"));
      if (proto.empty()) proto = "TCP";
      std::string port = std::to_string(Int(Field(p, "port")));
      if (Int(Field(p, "nodePort")) > 0) port += ":" + std::to_string(Int(Field(p, "nodePort")));
      ports.push_back(port + "/" + proto);
    }
    std::string type = Str(At(s, {"spec", "type"}));
    rows.push_back({Name(s), type.empty() ? "ClusterIP" : type, render::OrNone(cluster_ip),
                    ServiceExternalIp(s), render::OrNone(Join(ports, ",")), Age(s, now)});
  }
  return rows;
}

// formatEndpoints: at most three addresses, then " + N more...".
std::string FormatEndpoints(const Json& ep) {
  std::vector<std::string> list;
  const size_t kMax = 3;
  bool more = false;
  size_t count = 0;
  for (const Json& ss : Field(ep, "subsets")) {
    const Json& addrs = Field(ss, "addresses");
    const Json& ports = Field(ss, "ports");
    if (Count(ports) == 0) {
      count += Count(addrs);
      for (const Json& a : addrs) {
        if (list.size() == kMax) { more = true; break; }
        list.push_back(Str(Field(a, "ip")));
      }
      continue;
    }
    for (const Json& p : ports) {
      count += Count(addrs);
      for (const Json& a : addrs) {
        if (list.size() == kMax) { more = true; break; }
        std::string ip = Str(Field(a, "ip"));
        if (ip.find(':') != std::string::npos) ip = "[" + ip + "]";
        list.push_back(ip + ":" + std::to_string(Int(Field(p, "port"))));
      }
    }
  }
  std::string ret = Join(list, ",");
  if (more) return ret + " + " + std::to_string(count - kMax) + " more...";
  return render::OrNone(ret);
}

Rows EndpointsRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "ENDPOINTS", "AGE"}};
  for (const Json& e : items) rows.push_back({Name(e), FormatEndpoints(e), Age(e, now)});
  return rows;
}

Rows NodeRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "STATUS", "ROLES", "AGE", "VERSION"}};
  for (const Json& n : items) {
    std::vector<std::string> status;
    for (const Json& c : At(n, {"status", "conditions"}))
      if (Str(Field(c, "type")) == "Ready")
        status = {Str(Field(c, "status")) == "True" ? "Ready" : "NotReady"};
    if (status.empty()) status.push_back("Unknown");
    if (render::Bool(At(n, {"spec", "unschedulable"}))) status.push_back("SchedulingDisabled");
    std::set<std::string> roles;
    const Json& labels = At(n, {"metadata", "labels"});
    if (labels.is_object()) {
      for (auto it = labels.begin(); it != labels.end(); ++it) {
        if (StartsWith(it.key(), "node-role.kubernetes.io/")) {
          std::string role = it.key().substr(strlen("node-role.kubernetes.io/"));
          if (!role.empty()) roles.insert(role);
        } else if (it.key() == "kubernetes.io/role" && !Str(it.value()).empty()) {
          roles.insert(Str(it.value()));
        }
      }
    }
    rows.push_back({Name(n), Join(status, ","),
                    render::OrNone(Join(std::vector<std::string>(roles.begin(), roles.end()), ",")),
                    Age(n, now), Str(At(n, {"status", "nodeInfo", "kubeletVersion"}))});
  }
  return rows;
}

Rows NamespaceRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "STATUS", "AGE"}};
  for (const Json& n : items) rows.push_back({Name(n), Str(At(n, {"status", "phase"})), Age(n, now)});
  return rows;
}

Rows ConfigMapRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "DATA", "AGE"}};
  for (const Json& c : items)
    rows.push_back({Name(c), std::to_string(Count(Field(c, "data")) + Count(Field(c, "binaryData"))), Age(c, now)});
  return rows;
}

Rows SecretRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "TYPE", "DATA", "AGE"}};
  for (const Json& s : items)
    rows.push_back({Name(s), Str(Field(s, "type")), std::to_string(Count(Field(s, "data"))), Age(s, now)});
  return rows;
}

Rows ServiceAccountRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "SECRETS", "AGE"}};
  for (const Json& s : items) rows.push_back({Name(s), std::to_string(Count(Field(s, "secrets"))), Age(s, now)});
  return rows;
}

std::string AccessModes(const Json& modes) {
  std::set<std::string> have;
  for (const Json& m : modes) have.insert(Str(m));
  std::vector<std::string> out;
  for (auto [mode, abbrev] : std::vector<std::pair<const char*, const char*>>{
           {"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"}, {"ReadWriteOncePod", "RWOP"}})
    if (have.count(mode)) out.push_back(abbrev);
  return Join(out, ",");
}

Rows PvcRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"}};
  for (const Json& p : items) {
    std::string phase = Str(At(p, {"status", "phase"}));
    if (!At(p, {"metadata", "deletionTimestamp"}).is_null()) phase = "Terminating";
    std::string volume = Str(At(p, {"spec", "volumeName"})), capacity, modes;
    if (!volume.empty()) {
      capacity = Str(At(p, {"status", "capacity", "storage"}));
      modes = AccessModes(At(p, {"status", "accessModes"}));
    }
    std::string sc = Str(At(p, {"metadata", "annotations", "volume.beta.kubernetes.io/storage-class"}));
    if (sc.empty()) sc = Str(At(p, {"spec", "storageClassName"}));
    std::string vac = Str(At(p, {"spec", "volumeAttributesClassName"}));
    rows.push_back({Name(p), phase, volume, capacity, modes, sc, vac.empty() ? "<unset>" : vac, Age(p, now)});
  }
  return rows;
}

// formatHPAMetrics for Resource metrics ("cpu: 45%/80%"); other metric types
// show "<unknown>/<unknown>" with their type name.
std::string HpaTargets(const Json& hpa) {
  const Json& specs = At(hpa, {"spec", "metrics"});
  if (Count(specs) == 0) return "<none>";
  std::vector<std::string> list;
  const Json& current = At(hpa, {"status", "currentMetrics"});
  for (size_t i = 0; i < specs.size(); ++i) {
    const Json& spec = specs[i];
    if (Str(Field(spec, "type")) != "Resource") {
      list.push_back("<unknown>/<unknown>");
      continue;
    }
    std::string name = Str(At(spec, {"resource", "name"}));
    const Json& target = At(spec, {"resource", "target"});
    const Json* cur = nullptr;
    if (current.is_array())
      for (const Json& c : current)
        if (Str(Field(c, "type")) == "Resource" && Str(At(c, {"resource", "name"})) == name) cur = &At(c, {"resource", "current"});
    std::string now_s = "<unknown>", target_s;
    if (!Field(target, "averageUtilization").is_null()) {
      target_s = std::to_string(Int(Field(target, "averageUtilization"))) + "%";
      if (cur && !Field(*cur, "averageUtilization").is_null())
        now_s = std::to_string(Int(Field(*cur, "averageUtilization"))) + "%";
    } else {
      target_s = Str(Field(target, "averageValue"));
      if (cur && !Str(Field(*cur, "averageValue")).empty()) now_s = Str(Field(*cur, "averageValue"));
    }
    list.push_back(name + ": " + now_s + "/" + target_s);
  }
  if (list.size() > 2) {
    size_t more = list.size() - 2;
    list.resize(2);
    return Join(list, ", ") + " + " + std::to_string(more) + " more...";
  }
  return Join(list, ", ");
}

Rows HpaRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"}};
  for (const Json& h : items) {
    const Json& ref = At(h, {"spec", "scaleTargetRef"});
    const Json& min = At(h, {"spec", "minReplicas"});
    rows.push_back({Name(h), Str(Field(ref, "kind")) + "/" + Str(Field(ref, "name")), HpaTargets(h),
                    min.is_null() ? "<unset>" : std::to_string(Int(min)),
                    std::to_string(Int(At(h, {"spec", "maxReplicas"}))),
                    std::to_string(Int(At(h, {"status", "currentReplicas"}))), Age(h, now)});
  }
  return rows;
}

Rows JobRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"}};
  for (const Json& j : items) {
    int64_t succeeded = Int(At(j, {"status", "succeeded"}));
    const Json& completions = At(j, {"spec", "completions"});
    const Json& parallelism = At(j, {"spec", "parallelism"});
    std::string comp;
    if (!completions.is_null()) comp = std::to_string(succeeded) + "/" + std::to_string(Int(completions));
    else if (!parallelism.is_null() && Int(parallelism) > 1)
      comp = std::to_string(succeeded) + "/1 of " + std::to_string(Int(parallelism));
    else comp = std::to_string(succeeded) + "/1";
    UnixMillis start = render::Time(At(j, {"status", "startTime"}));
    UnixMillis done = render::Time(At(j, {"status", "completionTime"}));
    std::string dur = start == 0 ? "" : HumanDuration((done ? done : now) - start);
    std::string status = "Running";
    if (HasCondition(j, "Complete")) status = "Complete";
    else if (HasCondition(j, "Failed")) status = "Failed";
    else if (!At(j, {"metadata", "deletionTimestamp"}).is_null()) status = "Terminating";
    else if (HasCondition(j, "Suspended")) status = "Suspended";
    else if (HasCondition(j, "FailureTarget")) status = "FailureTarget";
    else if (HasCondition(j, "SuccessCriteriaMet")) status = "SuccessCriteriaMet";
    rows.push_back({Name(j), status, comp, dur, Age(j, now)});
  }
  return rows;
}

Rows CronJobRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"}};
  for (const Json& c : items) {
    const Json& last = At(c, {"status", "lastScheduleTime"});
    rows.push_back({Name(c), Str(At(c, {"spec", "schedule"})), render::OrNone(Str(At(c, {"spec", "timeZone"}))),
                    render::Bool(At(c, {"spec", "suspend"})) ? "True" : "False",
                    std::to_string(Count(At(c, {"status", "active"}))),
                    last.is_null() ? "<none>" : render::Since(last, now), Age(c, now)});
  }
  return rows;
}

Rows StatefulSetRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "READY", "AGE"}};
  for (const Json& s : items)
    rows.push_back({Name(s), std::to_string(Int(At(s, {"status", "readyReplicas"}))) + "/" +
                                 std::to_string(Int(At(s, {"spec", "replicas"}), 1)),
                    Age(s, now)});
  return rows;
}

Rows DaemonSetRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"}};
  for (const Json& d : items) {
    const Json& st = Field(d, "status");
    rows.push_back({Name(d), std::to_string(Int(Field(st, "desiredNumberScheduled"))),
                    std::to_string(Int(Field(st, "currentNumberScheduled"))),
                    std::to_string(Int(Field(st, "numberReady"))),
                    std::to_string(Int(Field(st, "updatedNumberScheduled"))),
                    std::to_string(Int(Field(st, "numberAvailable"))),
                    FormatLabels(At(d, {"spec", "template", "spec", "nodeSelector"})), Age(d, now)});
  }
  return rows;
}

Rows NameAgeRows(const Json& items, UnixMillis now) {
  Rows rows = {{"NAME", "AGE"}};
  for (const Json& o : items) rows.push_back({Name(o), Age(o, now)});
  return rows;
}

// The item kind of a list: "PodList" → "Pod"; a plain "List" uses its first item.
std::string ItemKind(const Json& list) {
  std::string kind = Str(Field(list, "kind"));
  if (EndsWith(kind, "List") && kind != "List") return kind.substr(0, kind.size() - 4);
  const Json& items = render::Items(list);
  return items.empty() ? "" : Str(Field(items[0], "kind"));
}

}  // namespace

namespace render {

std::string ListItemKind(const Json& list) { return ItemKind(list); }

std::vector<std::vector<std::string>> GenericRows(const Json& list, UnixMillis now) {
  static const std::map<std::string, std::function<Rows(const Json&, UnixMillis)>> kPrinters = {
      {"Service", ServiceRows},         {"Endpoints", EndpointsRows},
      {"Node", NodeRows},               {"Namespace", NamespaceRows},
      {"ConfigMap", ConfigMapRows},     {"Secret", SecretRows},
      {"ServiceAccount", ServiceAccountRows},
      {"PersistentVolumeClaim", PvcRows}, {"HorizontalPodAutoscaler", HpaRows},
      {"Job", JobRows},                 {"CronJob", CronJobRows},
      {"StatefulSet", StatefulSetRows}, {"DaemonSet", DaemonSetRows},
      {"ResourceQuota", ResourceQuotaRows},
      {"StorageClass", StorageClassRows}, {"PersistentVolume", PersistentVolumeRows},
  };
  const Json& items = render::Items(list);
  auto it = kPrinters.find(ItemKind(list));
  return it == kPrinters.end() ? NameAgeRows(items, now) : it->second(items, now);
}

TableRows ComputeTableRows(const Json& list, UnixMillis now) {
  const Json& items = Items(list);
  std::string kind = ItemKind(list);
  Rows rows;
  if (kind == "Pod") rows = PodRows(items, now, /*wide=*/true);
  else if (kind == "Deployment") rows = DeploymentRows(items, now);
  else if (kind == "ReplicaSet") rows = ReplicaSetRows(items, now);
  else if (kind == "Event") rows = EventRows(items, now);
  else rows = GenericRows(list, now);
  TableRows table;
  table.header = std::move(rows[0]);
  table.priority.assign(table.header.size(), 0);
  if (kind == "Pod")
    for (size_t i = 5; i < table.priority.size(); ++i) table.priority[i] = 1;
  table.rows.assign(std::make_move_iterator(rows.begin() + 1), std::make_move_iterator(rows.end()));
  return table;
}

}  // namespace render

std::string RenderGenericTable(const Json& list, UnixMillis now) {
  const Json& items = render::Items(list);
  if (items.empty()) return render::NoResources(list);
  return render::ListTable(list, render::GenericRows(list, now));
}

std::string RenderTable(const Json& list, UnixMillis now) {
  std::string kind = ItemKind(list);
  if (kind == "Pod") return RenderPodsTable(list, now);
  if (kind == "Deployment") return RenderDeploymentsTable(list, now);
  if (kind == "ReplicaSet") return RenderReplicaSetsTable(list, now);
  if (kind == "Event") return RenderEventsTable(list, now);
  return RenderGenericTable(list, now);
}

}  // namespace kf
