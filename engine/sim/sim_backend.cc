#include "engine/sim/sim_backend.h"

#include <cmath>

#include "engine/core/strings.h"
#include "engine/sim/api_errors.h"
#include "engine/sim/defaults.h"
#include "engine/sim/kinds.h"
#include "engine/sim/kubelet.h"
#include "engine/sim/log_model.h"
#include "engine/sim/metrics_emitter.h"
#include "engine/sim/node_lifecycle_controller.h"
#include "engine/sim/patch.h"
#include "engine/sim/resource_quota.h"
#include "engine/sim/selector.h"
#include "engine/sim/sim_util.h"
#include "engine/sim/sim_world.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;

Result<const KindInfo*> Resolve(const std::string& kind) {
  const KindInfo* info = FindKind(kind);
  if (info == nullptr) {
    return NotFound("the server doesn't have a resource type \"" + kind + "\"");
  }
  return info;
}

std::string NsFor(const KindInfo& info, const std::string& ns) {
  if (!info.namespaced) return "";
  return ns.empty() ? "default" : ns;
}

// Kinds whose status the main resource ignores (a status subresource).
bool HasStatusSubresource(const std::string& kind) {
  return kind == "Pod" || kind == "Deployment" || kind == "ReplicaSet" || kind == "Node" ||
         kind == "Namespace" || kind == "Service" || kind == "StatefulSet" ||
         kind == "DaemonSet" || kind == "Job" || kind == "HorizontalPodAutoscaler" ||
         kind == "ResourceQuota";
}

Status CheckMetadataStrings(const Json& obj) {
  for (const char* field : {"labels", "annotations"}) {
    const Json* m = JsonAtPath(obj, std::string("metadata.") + field);
    if (m == nullptr || m->is_null()) continue;
    if (!m->is_object()) {
      return BadRequestError(std::string("metadata.") + field + ": expected a map of strings");
    }
    for (auto it = m->begin(); it != m->end(); ++it) {
      if (!it.value().is_string()) {
        return BadRequestError("json: cannot unmarshal " + std::string(it.value().type_name()) +
                               " into Go struct field ObjectMeta.metadata." + field +
                               " of type string");
      }
    }
  }
  return Status::Ok();
}

std::string CpuNanos(double millicores) {
  return std::to_string(static_cast<int64_t>(std::llround(millicores * 1e6))) + "n";
}

}  // namespace

Clock& SimBackend::clock() { return w_->clock; }

Result<Json> SimBackend::Get(const std::string& kind, const std::string& ns,
                             const std::string& name) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, Resolve(kind));
  const Json* obj = w_->store.Get(info->kind, NsFor(*info, ns), name);
  if (obj == nullptr) return NotFoundError(info->kind, name);
  return *obj;
}

Result<Json> SimBackend::List(const std::string& kind, const std::string& ns,
                              const ListOptions& options) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, Resolve(kind));
  KF_ASSIGN_OR_RETURN(LabelSelector labels, ParseLabelSelector(options.label_selector));
  KF_ASSIGN_OR_RETURN(FieldSelector fields, ParseFieldSelector(options.field_selector, info->kind));
  Json items = Json::array();
  for (const Json* obj : w_->store.List(info->kind, info->namespaced ? ns : "")) {
    if (!labels.Matches(LabelsOf(*obj)) || !fields.Matches(*obj)) continue;
    items.push_back(*obj);
  }
  return Json{{"apiVersion", info->ApiVersion()},
              {"kind", info->ListKind()},
              {"metadata", {{"resourceVersion", w_->store.ResourceVersion()}}},
              {"items", std::move(items)}};
}

Result<Json> SimBackend::Patch(const std::string& kind, const std::string& ns,
                               const std::string& name, PatchType type, const Json& patch,
                               bool dry_run) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, Resolve(kind));
  const std::string n = NsFor(*info, ns);
  const Json* stored = w_->store.Get(info->kind, n, name);
  if (stored == nullptr) return NotFoundError(info->kind, name);
  const Json original = *stored;
  KF_ASSIGN_OR_RETURN(Json patched, ApplyPatch(original, type, patch));
  if (!patched.is_object() || NameOf(patched) != name || NamespaceOf(patched) != n ||
      JsonString(patched, "kind") != info->kind) {
    return BadRequestError("the name of the object (" + NameOf(patched) +
                           ") does not match the name on the URL (" + name + ")");
  }
  if (StrAt(patched, "metadata.resourceVersion") != StrAt(original, "metadata.resourceVersion")) {
    return ConflictError(info->kind, name);
  }
  if (HasStatusSubresource(info->kind) && original.contains("status")) {
    patched["status"] = original["status"];
  }
  KF_RETURN_IF_ERROR(CheckMetadataStrings(patched));
  ApplyDefaults(&patched, w_->clock.Now());
  KF_RETURN_IF_ERROR(ValidateObject(patched, &original));
  if (dry_run) return patched;
  KF_ASSIGN_OR_RETURN(Json written, w_->store.Update(std::move(patched)));
  settle_();
  return written;
}

Result<Json> SimBackend::Create(const std::string& kind, const std::string& ns, const Json& object,
                                bool dry_run) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, Resolve(kind));
  if (!object.is_object()) return BadRequestError("the body of the request is not an object");
  Json obj = object;
  obj["kind"] = info->kind;
  if (!obj.contains("apiVersion")) obj["apiVersion"] = info->ApiVersion();
  if (!obj.contains("metadata") || !obj["metadata"].is_object()) obj["metadata"] = Json::object();
  Json& md = obj["metadata"];
  const std::string n = NsFor(*info, ns.empty() ? JsonString(md, "namespace") : ns);
  if (info->namespaced) {
    if (!JsonString(md, "namespace").empty() && JsonString(md, "namespace") != n) {
      return BadRequestError(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    md["namespace"] = n;
    if (w_->store.Get("Namespace", "", n) == nullptr) return NamespaceNotFoundError(n);
  } else {
    md.erase("namespace");
  }
  if (JsonString(md, "name").empty() && !JsonString(md, "generateName").empty()) {
    md["name"] = JsonString(md, "generateName") + w_->name_rng.KubeSuffix(5);
  }
  for (const char* k : {"uid", "resourceVersion", "creationTimestamp", "generation"}) md.erase(k);
  if (info->kind == "Pod" || info->kind == "Deployment" || info->kind == "ReplicaSet") {
    obj.erase("status");
  }
  KF_RETURN_IF_ERROR(CheckMetadataStrings(obj));
  ApplyDefaults(&obj, w_->clock.Now());
  if (info->kind == "Pod" && obj["spec"].is_object()) AddDefaultTolerations(&obj["spec"]);
  KF_RETURN_IF_ERROR(ValidateObject(obj, nullptr));
  if (info->kind == "Pod") KF_RETURN_IF_ERROR(AdmitPodQuota(*w_, obj));
  if (dry_run) {
    if (w_->store.Get(info->kind, n, NameOf(obj)) != nullptr) {
      return AlreadyExistsError(info->kind, NameOf(obj));
    }
    return obj;
  }
  KF_ASSIGN_OR_RETURN(const Json* stored, w_->store.Create(std::move(obj)));
  Json created = *stored;  // as created: settling may change it
  settle_();
  return created;
}

Status SimBackend::CreateInitial(const Json& object) {
  Json obj = object;
  const std::string kind = JsonString(obj, "kind");
  if (kind == "Pod" || kind == "Deployment" || kind == "ReplicaSet") obj.erase("status");
  KF_RETURN_IF_ERROR(CheckMetadataStrings(obj));
  ApplyDefaults(&obj, w_->clock.Now());
  KF_RETURN_IF_ERROR(ValidateObject(obj, nullptr));
  const KindInfo* info = FindKind(kind);
  if (info != nullptr && info->namespaced &&
      w_->store.Get("Namespace", "", NamespaceOf(obj)) == nullptr) {
    return NamespaceNotFoundError(NamespaceOf(obj));
  }
  return w_->store.Create(std::move(obj), /*keep_uid=*/true).status();
}

void SimBackend::DeleteDependents(const std::string& uid) {
  for (const ObjectKey& k : w_->store.Dependents(uid)) {
    const Json* dep = w_->store.Get(k.kind, k.ns, k.name);
    if (dep == nullptr) continue;
    const std::string dep_uid = UidOf(*dep);
    if (w_->store.Delete(k.kind, k.ns, k.name).ok()) DeleteDependents(dep_uid);
  }
}

Result<Json> SimBackend::Delete(const std::string& kind, const std::string& ns,
                                const std::string& name, bool dry_run) {
  KF_ASSIGN_OR_RETURN(const KindInfo* info, Resolve(kind));
  const std::string n = NsFor(*info, ns);
  const Json* stored = w_->store.Get(info->kind, n, name);
  if (stored == nullptr) return NotFoundError(info->kind, name);
  Json obj = *stored;
  if (info->kind == "Pod") {
    obj["metadata"]["deletionTimestamp"] = FormatRfc3339(w_->clock.Now() + 30000);
    obj["metadata"]["deletionGracePeriodSeconds"] = 30;
  }
  if (dry_run) return obj;
  const std::string uid = UidOf(obj);
  KF_RETURN_IF_ERROR(w_->store.Delete(info->kind, n, name).status());
  if (info->kind == "Namespace") {
    for (const KindInfo& k : AllKinds()) {
      if (!k.namespaced) continue;
      std::vector<std::string> names;
      for (const Json* o : w_->store.List(k.kind, name)) names.push_back(NameOf(*o));
      for (const std::string& nm : names) (void)w_->store.Delete(k.kind, name, nm);
    }
  }
  DeleteDependents(uid);
  settle_();
  return obj;
}

Result<std::string> SimBackend::Logs(const std::string& ns, const std::string& pod,
                                     const std::string& container, bool previous,
                                     int tail_lines) {
  const std::string n = ns.empty() ? "default" : ns;
  const Json* obj = w_->store.Get("Pod", n, pod);
  if (obj == nullptr) return NotFoundError("Pod", pod);
  std::vector<std::string> names;
  for (const Json& c : JsonMember(JsonMember(*obj, "spec"), "containers")) {
    names.push_back(JsonString(c, "name"));
  }
  const size_t app_containers = names.size();
  for (const Json& c : JsonMember(JsonMember(*obj, "spec"), "initContainers")) {
    names.push_back(JsonString(c, "name"));
  }
  std::string cname = container;
  if (cname.empty()) {
    if (app_containers != 1) {
      std::vector<std::string> apps(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(app_containers));
      return BadRequestError("a container name must be specified for pod " + pod +
                             ", choose one of: [" + Join(apps, " ") + "]" +
                             (names.size() > app_containers
                                  ? " or one of the init containers: [" +
                                        Join(std::vector<std::string>(names.begin() + static_cast<std::ptrdiff_t>(app_containers), names.end()), " ") + "]"
                                  : ""));
    }
    cname = names[0];
  }
  const PodRuntime* p = kubelet_->Find(n, pod);
  const ContainerRuntime* c = nullptr;
  if (p != nullptr) {
    for (const ContainerRuntime& cr : p->containers) {
      if (cr.name == cname) c = &cr;
    }
    for (const ContainerRuntime& cr : p->inits) {
      if (cr.name == cname) c = &cr;
    }
  }
  if (std::find(names.begin(), names.end(), cname) == names.end()) {
    return BadRequestError("container " + cname + " is not valid for pod " + pod);
  }
  const std::string who = "container \"" + cname + "\" in pod \"" + pod + "\"";
  if (c == nullptr) return BadRequestError(who + " is waiting to start: ContainerCreating");
  // kubelet validateContainerLogStatus: which instance's log to read.
  const bool dead = c->state == State::kBackOff;  // its latest instance is the terminated one
  const InstanceRecord* last_terminated = dead ? &c->current : (c->last.index >= 0 ? &c->last : nullptr);
  const InstanceRecord* rec = nullptr;
  if (previous) {
    if (last_terminated == nullptr) {
      return BadRequestError("previous terminated " + who + " not found");
    }
    rec = last_terminated;
  } else if (c->state == State::kRunning || c->state == State::kTerminated) {
    rec = &c->current;
  } else if (last_terminated != nullptr) {
    rec = last_terminated;
  } else if (c->waiting_reason == "ErrImagePull") {
    return BadRequestError(who + " is waiting to start: image can't be pulled");
  } else if (c->waiting_reason == "ImagePullBackOff") {
    return BadRequestError(who + " is waiting to start: trying and failing to pull image");
  } else {
    return BadRequestError(who + " is waiting to start: " +
                           (c->waiting_reason.empty() ? "ContainerCreating" : c->waiting_reason));
  }
  if (rec->index < 0) return BadRequestError(who + " is waiting to start: ContainerCreating");
  return RenderLog(*p, *c, *rec, w_->clock.Now(), tail_lines);
}

Result<Json> SimBackend::PodMetrics(const std::string& ns, const std::string& label_selector) {
  KF_ASSIGN_OR_RETURN(LabelSelector selector, ParseLabelSelector(label_selector));
  Json items = Json::array();
  for (const Json* pod : w_->store.List("Pod", ns)) {
    if (!selector.Matches(LabelsOf(*pod))) continue;
    Json containers = Json::array();
    UnixMillis at = 0;
    bool complete = true;
    for (const Json& c : JsonMember((*pod)["spec"], "containers")) {
      const std::string cname = JsonString(c, "name");
      const ContainerUsage* u = metrics_->Usage(NamespaceOf(*pod), NameOf(*pod), cname);
      if (u == nullptr) {
        complete = false;
        break;
      }
      at = u->at;
      containers.push_back(
          {{"name", cname},
           {"usage",
            {{"cpu", CpuNanos(u->cpu_millicores)},
             {"memory", std::to_string(u->memory_bytes / 1024) + "Ki"}}}});
    }
    if (!complete || containers.empty()) continue;
    items.push_back({{"kind", "PodMetrics"},
                     {"apiVersion", "metrics.k8s.io/v1beta1"},
                     {"metadata",
                      {{"name", NameOf(*pod)},
                       {"namespace", NamespaceOf(*pod)},
                       {"labels", LabelsOf(*pod)},
                       {"creationTimestamp", FormatRfc3339(w_->clock.Now())}}},
                     {"timestamp", FormatRfc3339(at)},
                     {"window", "15s"},
                     {"containers", containers}});
  }
  return Json{{"kind", "PodMetricsList"},
              {"apiVersion", "metrics.k8s.io/v1beta1"},
              {"metadata", Json::object()},
              {"items", std::move(items)}};
}

}  // namespace kf::sim
