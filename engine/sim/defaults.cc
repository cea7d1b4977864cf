#include "engine/sim/defaults.h"

#include <vector>

#include "engine/core/strings.h"
#include "engine/sim/api_errors.h"
#include "engine/sim/selector.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

void Default(Json& obj, const char* key, const Json& value) {
  if (obj.contains(key) && !obj[key].is_null()) return;
  // value may be a member of obj, which moves when key is added (json.h).
  Json copy = value;
  obj[key] = std::move(copy);
}

void DefaultContainer(Json& c) {
  if (!c.is_object()) return;
  Default(c, "terminationMessagePath", "/dev/termination-log");
  Default(c, "terminationMessagePolicy", "File");
  const std::string image = JsonString(c, "image");
  const bool latest = image.find(':') == std::string::npos || EndsWith(image, ":latest");
  Default(c, "imagePullPolicy", latest ? "Always" : "IfNotPresent");
  if (!c.contains("resources") || !c["resources"].is_object()) c["resources"] = Json::object();
  for (const char* probe : {"readinessProbe", "livenessProbe", "startupProbe"}) {
    if (!c.contains(probe) || !c[probe].is_object()) continue;
    Json& p = c[probe];
    Default(p, "timeoutSeconds", 1);
    Default(p, "periodSeconds", 10);
    Default(p, "successThreshold", 1);
    Default(p, "failureThreshold", 3);
  }
}

void DefaultPodSpec(Json& spec) {
  if (!spec.is_object()) return;
  Default(spec, "restartPolicy", "Always");
  Default(spec, "terminationGracePeriodSeconds", 30);
  Default(spec, "dnsPolicy", "ClusterFirst");
  Default(spec, "securityContext", Json::object());
  Default(spec, "schedulerName", "default-scheduler");
  if (spec.contains("containers") && spec["containers"].is_array()) {
    for (Json& c : spec["containers"]) DefaultContainer(c);
  }
}

void DefaultTemplate(Json& obj) {
  Json* spec = &obj["spec"];
  if (!spec->contains("template") || !(*spec)["template"].is_object()) return;
  Json& t = (*spec)["template"];
  if (t.contains("metadata") && t["metadata"].is_object()) {
    t["metadata"].erase("creationTimestamp");
  }
  if (t.contains("spec")) DefaultPodSpec(t["spec"]);
}

void DefaultDeployment(Json& d) {
  Json& spec = d["spec"];
  Default(spec, "replicas", 1);
  Default(spec, "revisionHistoryLimit", 10);
  Default(spec, "progressDeadlineSeconds", 600);
  Default(spec, "strategy", Json{{"type", "RollingUpdate"}});
  Json& st = spec["strategy"];
  Default(st, "type", "RollingUpdate");
  if (st["type"] == "RollingUpdate") {
    Default(st, "rollingUpdate", Json::object());
    Default(st["rollingUpdate"], "maxSurge", "25%");
    Default(st["rollingUpdate"], "maxUnavailable", "25%");
  }
  DefaultTemplate(d);
  Default(d, "status", Json::object());
}

void DefaultNode(Json& n, UnixMillis now) {
  Json& st = n["status"];
  if (!st.is_object()) st = Json::object();
  Default(st, "capacity", Json{{"cpu", "4"}, {"memory", "16Gi"}, {"pods", "110"},
                               {"ephemeral-storage", "100Gi"}});
  Default(st, "allocatable", st["capacity"]);
  const std::string ts = FormatRfc3339(now);
  if (!st.contains("conditions")) {
    Json conds = Json::array();
    for (const char* t : {"MemoryPressure", "DiskPressure", "PIDPressure"}) {
      std::string reason = std::string("KubeletHasNo") + (t == std::string("MemoryPressure")
                                                              ? "MemoryPressure"
                                                          : t == std::string("DiskPressure")
                                                              ? "DiskPressure"
                                                              : "PIDPressure");
      conds.push_back({{"type", t}, {"status", "False"}, {"lastHeartbeatTime", ts},
                       {"lastTransitionTime", ts}, {"reason", reason},
                       {"message", "kubelet has sufficient resources"}});
    }
    conds.push_back({{"type", "Ready"}, {"status", "True"}, {"lastHeartbeatTime", ts},
                     {"lastTransitionTime", ts}, {"reason", "KubeletReady"},
                     {"message", "kubelet is posting ready status"}});
    st["conditions"] = conds;
  }
  Default(st, "nodeInfo", Json{{"architecture", "amd64"},
                               {"containerRuntimeVersion", "containerd://1.7.13"},
                               {"kernelVersion", "6.1.0-18-cloud-amd64"},
                               {"kubeProxyVersion", "v1.29.4"},
                               {"kubeletVersion", "v1.29.4"},
                               {"operatingSystem", "linux"},
                               {"osImage", "Debian GNU/Linux 12 (bookworm)"}});
  Default(st, "images", Json::array());
  Default(st, "addresses", Json::array({{{"type", "Hostname"}, {"address", NameOf(n)}}}));
}

std::vector<FieldCause> ValidatePodSpec(const Json& spec, const std::string& path) {
  std::vector<FieldCause> causes;
  const Json* cs = JsonAtPath(spec, "containers");
  if (cs == nullptr || !cs->is_array() || cs->empty()) {
    causes.push_back(RequiredValue(path + ".containers"));
    return causes;
  }
  for (size_t i = 0; i < cs->size(); ++i) {
    const Json& c = (*cs)[i];
    const std::string cp = path + ".containers[" + std::to_string(i) + "]";
    if (JsonString(c, "name").empty()) causes.push_back(RequiredValue(cp + ".name"));
    if (JsonString(c, "image").empty()) causes.push_back(RequiredValue(cp + ".image"));
    const Json* res = JsonAtPath(c, "resources");
    if (res == nullptr) continue;
    for (const char* r : {"memory", "cpu"}) {
      const bool mem = std::string(r) == "memory";
      int64_t req = mem ? MemoryBytes(*res, "requests") : CpuMilli(*res, "requests");
      int64_t lim = mem ? MemoryBytes(*res, "limits") : CpuMilli(*res, "limits");
      if (lim > 0 && req > lim) {
        const Json* v = JsonAtPath(*res, std::string("requests.") + r);
        causes.push_back(InvalidValue(cp + ".resources.requests", v ? *v : Json(),
                                      std::string("must be less than or equal to ") + r + " limit of " +
                                          JsonAtPath(*res, std::string("limits.") + r)->get<std::string>()));
      }
    }
  }
  return causes;
}

}  // namespace

std::string QosClass(const Json& pod_spec) {
  bool any = false, guaranteed = true;
  const Json* cs = JsonAtPath(pod_spec, "containers");
  if (cs == nullptr || !cs->is_array()) return "BestEffort";
  for (const Json& c : *cs) {
    const Json* res = JsonAtPath(c, "resources");
    if (res == nullptr) {
      guaranteed = false;
      continue;
    }
    for (const char* r : {"cpu", "memory"}) {
      const Json* req = JsonAtPath(*res, std::string("requests.") + r);
      const Json* lim = JsonAtPath(*res, std::string("limits.") + r);
      if (req != nullptr || lim != nullptr) any = true;
      if (lim == nullptr || (req != nullptr && *req != *lim)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

void ApplyDefaults(Json* obj, UnixMillis now) {
  const std::string kind = JsonString(*obj, "kind");
  if (!obj->contains("metadata") || !(*obj)["metadata"].is_object()) {
    (*obj)["metadata"] = Json::object();
  }
  if (kind == "Deployment") {
    DefaultDeployment(*obj);
  } else if (kind == "ReplicaSet") {
    Default((*obj)["spec"], "replicas", 1);
    DefaultTemplate(*obj);
    Default(*obj, "status", Json{{"replicas", 0}});
  } else if (kind == "Pod") {
    DefaultPodSpec((*obj)["spec"]);
    // SetDefaults_Pod: limits without requests default the requests.
    if ((*obj)["spec"].contains("containers") && (*obj)["spec"]["containers"].is_array()) {
      for (Json& c : (*obj)["spec"]["containers"]) {
        Json& r = c["resources"];
        if (!r.contains("limits") || !r["limits"].is_object()) continue;
        if (!r.contains("requests")) r["requests"] = Json::object();
        for (auto it = r["limits"].begin(); it != r["limits"].end(); ++it) {
          Default(r["requests"], it.key().c_str(), it.value());
        }
      }
    }
    Default(*obj, "status", Json{{"phase", "Pending"}});
    (*obj)["status"]["qosClass"] = QosClass((*obj)["spec"]);
  } else if (kind == "Namespace") {
    Default(*obj, "spec", Json{{"finalizers", {"kubernetes"}}});
    Default(*obj, "status", Json{{"phase", "Active"}});
    Json& labels = (*obj)["metadata"]["labels"];
    if (!labels.is_object()) labels = Json::object();
    labels["kubernetes.io/metadata.name"] = NameOf(*obj);
  } else if (kind == "Node") {
    DefaultNode(*obj, now);
  } else if (kind == "Service") {
    Json& spec = (*obj)["spec"];
    Default(spec, "type", "ClusterIP");
    Default(spec, "sessionAffinity", "None");
    if (spec.contains("ports") && spec["ports"].is_array()) {
      for (Json& p : spec["ports"]) {
        Default(p, "protocol", "TCP");
        if (p.contains("port")) Default(p, "targetPort", p["port"]);
      }
    }
  }
}

Status ValidateObject(const Json& obj, const Json* old) {
  const std::string kind = JsonString(obj, "kind");
  const std::string& name = NameOf(obj);
  std::vector<FieldCause> causes;
  if (name.empty()) causes.push_back(RequiredValue("metadata.name", "name or generateName is required"));
  if (kind == "Deployment" || kind == "ReplicaSet") {
    const Json* r = JsonAtPath(obj, "spec.replicas");
    if (r != nullptr && r->is_number_integer() && r->get<int64_t>() < 0) {
      causes.push_back(InvalidValue("spec.replicas", *r, "must be greater than or equal to 0"));
    }
    const Json* sel = JsonAtPath(obj, "spec.selector");
    if (sel == nullptr || !sel->is_object() || sel->empty()) {
      causes.push_back(RequiredValue("spec.selector"));
    } else {
      auto s = LabelSelectorFromJson(*sel);
      const Json* tl = JsonAtPath(obj, "spec.template.metadata.labels");
      if (s.ok() && !s->Matches(tl ? *tl : EmptyJsonObject())) {
        causes.push_back(InvalidValue("spec.template.metadata.labels", tl ? *tl : EmptyJsonObject(),
                                      "`selector` does not match template `labels`"));
      }
      if (old != nullptr && kind == "Deployment") {
        const Json* old_sel = JsonAtPath(*old, "spec.selector");
        if (old_sel != nullptr && *old_sel != *sel) {
          causes.push_back(InvalidValue("spec.selector", *sel, "field is immutable"));
        }
      }
    }
    const Json* ps = JsonAtPath(obj, "spec.template.spec");
    auto more = ValidatePodSpec(ps ? *ps : EmptyJsonObject(), "spec.template.spec");
    causes.insert(causes.end(), more.begin(), more.end());
  } else if (kind == "Pod" && old == nullptr) {
    const Json* ps = JsonAtPath(obj, "spec");
    auto more = ValidatePodSpec(ps ? *ps : EmptyJsonObject(), "spec");
    causes.insert(causes.end(), more.begin(), more.end());
  }
  if (causes.empty()) return Status::Ok();
  return InvalidError(kind, name, causes);
}

}  // namespace kf::sim
