#include "engine/sim/pv_controller.h"

#include <vector>

#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

const EventSource kSource{"persistentvolume-controller", ""};

const Json* DefaultClass(const SimWorld& w) {
  for (const Json* sc : w.store.List("StorageClass")) {
    const Json* a = JsonAtPath(*sc, "metadata.annotations");
    if (a != nullptr && JsonString(*a, "storageclass.kubernetes.io/is-default-class") == "true") return sc;
  }
  return nullptr;
}

void Provision(SimWorld* w, const Json& claim, const Json& sc) {
  const std::string ns = NamespaceOf(claim), name = NameOf(claim);
  const std::string provisioner = JsonString(sc, "provisioner");
  const std::string pv_name = "pvc-" + UidOf(claim);
  w->events.Record(claim, "Normal", "ExternalProvisioning",
                   "Waiting for a volume to be created either by the external provisioner '" + provisioner +
                       "' or manually by the system administrator. If volume creation is delayed, please verify "
                       "that the provisioner is running and correctly registered.",
                   kSource);
  const EventSource external{provisioner, ""};
  w->events.Record(claim, "Normal", "Provisioning",
                   "External provisioner is provisioning volume for claim \"" + ns + "/" + name + "\"", external);
  const Json* storage = JsonAtPath(claim, "spec.resources.requests.storage");
  const Json capacity = {{"storage", storage != nullptr ? *storage : Json("1Gi")}};
  const Json modes = claim["spec"].value("accessModes", Json::array({"ReadWriteOnce"}));
  Json pv = {{"apiVersion", "v1"},
             {"kind", "PersistentVolume"},
             {"metadata", {{"name", pv_name},
                           {"annotations", {{"pv.kubernetes.io/provisioned-by", provisioner}}}}},
             {"spec", {{"capacity", capacity},
                       {"accessModes", modes},
                       {"persistentVolumeReclaimPolicy", JsonString(sc, "reclaimPolicy", "Delete")},
                       {"storageClassName", NameOf(sc)},
                       {"volumeMode", JsonString(claim["spec"], "volumeMode", "Filesystem")},
                       {"claimRef", {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"}, {"namespace", ns},
                                     {"name", name}, {"uid", UidOf(claim)}}},
                       {"csi", {{"driver", provisioner}, {"volumeHandle", pv_name}}}}},
             {"status", {{"phase", "Bound"}}}};
  if (!w->store.Create(std::move(pv)).ok()) return;
  w->events.Record(claim, "Normal", "ProvisioningSucceeded", "Successfully provisioned volume " + pv_name, external);
  const Json* fresh = w->store.Get("PersistentVolumeClaim", ns, name);
  if (fresh == nullptr) return;
  Json c = *fresh;
  c["spec"]["volumeName"] = pv_name;
  if (!c["spec"].contains("storageClassName")) c["spec"]["storageClassName"] = NameOf(sc);
  Json& a = c["metadata"]["annotations"];
  a["pv.kubernetes.io/bind-completed"] = "yes";
  a["pv.kubernetes.io/bound-by-controller"] = "yes";
  a["volume.beta.kubernetes.io/storage-provisioner"] = provisioner;
  a["volume.kubernetes.io/storage-provisioner"] = provisioner;
  c["status"] = {{"phase", "Bound"}, {"accessModes", modes}, {"capacity", capacity}};
  (void)w->store.Replace(std::move(c));
}

}  // namespace

void SyncClaim(SimWorld* w, const std::string& ns, const std::string& name) {
  const Json* stored = w->store.Get("PersistentVolumeClaim", ns, name);
  if (stored == nullptr || StrAt(*stored, "status.phase") == "Bound") return;
  const Json claim = *stored;
  if (StrAt(claim, "status.phase").empty()) {
    Json c = claim;
    c["status"] = {{"phase", "Pending"}};
    (void)w->store.Replace(std::move(c));
  }
  const Json* cls = JsonAtPath(claim, "spec.storageClassName");
  if (cls == nullptr || !cls->is_string()) {
    if (const Json* def = DefaultClass(*w)) {
      Provision(w, claim, *def);
      return;
    }
    w->events.Record(claim, "Normal", "FailedBinding",
                     "no persistent volumes available for this claim and no storage class is set", kSource);
    return;
  }
  const Json* sc = w->store.Get("StorageClass", "", cls->get<std::string>());
  if (sc == nullptr) {
    w->events.Record(claim, "Warning", "ProvisioningFailed",
                     "storageclass.storage.k8s.io \"" + cls->get<std::string>() + "\" not found", kSource);
    return;
  }
  Provision(w, claim, Json(*sc));
}

void SyncPendingClaims(SimWorld* w) {
  std::vector<std::pair<std::string, std::string>> pending;
  for (const Json* c : w->store.List("PersistentVolumeClaim")) {
    if (StrAt(*c, "status.phase") != "Bound") pending.emplace_back(NamespaceOf(*c), NameOf(*c));
  }
  for (const auto& [ns, name] : pending) SyncClaim(w, ns, name);
}

std::string UnboundClaimsReason(const SimWorld& w, const Json& pod) {
  const Json* volumes = JsonAtPath(pod, "spec.volumes");
  if (volumes == nullptr || !volumes->is_array()) return "";
  bool unbound = false;
  for (const Json& v : *volumes) {
    const Json* pvc = JsonAtPath(v, "persistentVolumeClaim.claimName");
    if (pvc == nullptr || !pvc->is_string()) continue;
    const Json* claim = w.store.Get("PersistentVolumeClaim", NamespaceOf(pod), pvc->get<std::string>());
    if (claim == nullptr) return "persistentvolumeclaim \"" + pvc->get<std::string>() + "\" not found";
    if (StrAt(*claim, "status.phase") != "Bound") unbound = true;
  }
  return unbound ? "pod has unbound immediate PersistentVolumeClaims" : "";
}

}  // namespace kf::sim
