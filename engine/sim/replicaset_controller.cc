#include "engine/sim/replicaset_controller.h"

#include <algorithm>

#include "engine/core/json_builder.h"
#include "engine/sim/defaults.h"
#include "engine/sim/node_lifecycle_controller.h"
#include "engine/sim/resource_quota.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

const EventSource kSource{"replicaset-controller", ""};

int PhaseRank(const Json& pod) {
  const std::string phase = StrAt(pod, "status.phase");
  if (phase == "Pending") return 0;
  if (phase == "Unknown") return 1;
  return 2;  // Running
}

// controller.ActivePods' Less: the pod to delete first sorts first.
bool DeleteFirst(const Json* a, const Json* b) {
  const bool a_bound = !StrAt(*a, "spec.nodeName").empty();
  const bool b_bound = !StrAt(*b, "spec.nodeName").empty();
  if (a_bound != b_bound) return !a_bound;
  if (PhaseRank(*a) != PhaseRank(*b)) return PhaseRank(*a) < PhaseRank(*b);
  const bool a_ready = IsPodReady(*a), b_ready = IsPodReady(*b);
  if (a_ready != b_ready) return !a_ready;
  if (a_ready && PodReadySince(*a) != PodReadySince(*b)) {
    return PodReadySince(*a) > PodReadySince(*b);
  }
  if (PodRestarts(*a) != PodRestarts(*b)) return PodRestarts(*a) > PodRestarts(*b);
  const UnixMillis ca = TimeAt(*a, "metadata.creationTimestamp");
  const UnixMillis cb = TimeAt(*b, "metadata.creationTimestamp");
  if (ca != cb) return ca > cb;
  return NameOf(*a) < NameOf(*b);
}

// The ReplicaFailure condition, as calculateStatus keeps it: added (reason
// FailedCreate, the first failing create's API error as message) when creates
// fail and there is none, kept as it is while they keep failing, removed once
// a sync has no failing create.
void SetReplicaFailure(Json* status, const std::string& error, UnixMillis now) {
  Json conds = Json::array();
  bool present = false;
  if (status->contains("conditions") && (*status)["conditions"].is_array()) {
    for (const Json& c : (*status)["conditions"]) {
      const bool failure = JsonString(c, "type") == "ReplicaFailure";
      present = present || failure;
      if (!failure || !error.empty()) conds.push_back(c);
    }
  }
  if (!error.empty() && !present) {
    conds.push_back({{"type", "ReplicaFailure"},
                     {"status", "True"},
                     {"lastTransitionTime", FormatRfc3339(now)},
                     {"reason", "FailedCreate"},
                     {"message", error}});
  }
  if (conds.empty()) {
    status->erase("conditions");
  } else {
    (*status)["conditions"] = std::move(conds);
  }
}

}  // namespace

std::vector<const Json*> ReplicaSetController::ActivePods(const Json& rs) const {
  std::vector<const Json*> out;
  const std::string& uid = UidOf(rs);
  for (const ObjectKey& k : w_->store.Dependents(uid)) {
    if (k.kind != "Pod") continue;
    const Json* pod = w_->store.Get("Pod", k.ns, k.name);
    // FilterActivePods: terminal and terminating (deletionTimestamp) pods do not count.
    if (pod == nullptr || IsPodTerminal(*pod) || JsonAtPath(*pod, "metadata.deletionTimestamp") != nullptr) continue;
    const Json* ref = ControllerRefOf(*pod);
    const Json* ref_uid = ref != nullptr ? &JsonMember(*ref, "uid") : nullptr;
    if (ref_uid == nullptr || !ref_uid->is_string() || ref_uid->get_ref<const std::string&>() != uid) continue;
    out.push_back(pod);
  }
  return out;
}

Json ReplicaSetController::PodPrototype(const Json& rs) const {
  const Json* tp = JsonAtPath(rs, "spec.template");
  const Json& tmpl = tp != nullptr ? *tp : EmptyJsonObject();
  Json pod = JsonObject("apiVersion", "v1", "kind", "Pod", "metadata", Json::object(), "spec",
                        tmpl.value("spec", Json::object()));
  if (!pod["spec"].contains("serviceAccountName")) pod["spec"]["serviceAccountName"] = "default";
  if (!pod["spec"].contains("enableServiceLinks")) pod["spec"]["enableServiceLinks"] = true;
  pod["spec"]["priority"] = 0;
  pod["spec"]["preemptionPolicy"] = "PreemptLowerPriority";
  AddDefaultTolerations(&pod["spec"]);  // the DefaultTolerationSeconds admission plugin
  ApplyDefaults(&pod, w_->clock.Now());  // a Pod's defaults read only its spec and status
  pod.erase("metadata");
  return pod;
}

Json ReplicaSetController::NewPod(const Json& rs, const std::string& name, const Json& proto) const {
  const Json* tp = JsonAtPath(rs, "spec.template");
  const Json& tmpl = tp != nullptr ? *tp : EmptyJsonObject();
  Json md = JsonObject("name", name, "generateName", NameOf(rs) + "-", "namespace", NamespaceOf(rs),
                       "ownerReferences", Json::array({OwnerRefTo(rs)}));
  const Json* labels = JsonAtPath(tmpl, "metadata.labels");
  if (labels != nullptr) md["labels"] = *labels;
  const Json* annotations = JsonAtPath(tmpl, "metadata.annotations");
  if (annotations != nullptr) md["annotations"] = *annotations;
  Json pod = proto;
  pod["metadata"] = std::move(md);
  return pod;
}

std::string ReplicaSetController::CreatePods(const Json& rs, int64_t count) {
  const std::string rs_key = KeyOf(rs);
  const Json proto = count > 0 ? PodPrototype(rs) : Json();
  for (int64_t i = 0; i < count; ++i) {
    for (int attempt = 0; attempt < 16; ++attempt) {
      std::string suffix =
          w_->NextPin(w_->scenario.pins.pod_suffixes, &w_->suffix_pins_used, rs_key);
      if (suffix.empty()) suffix = w_->name_rng.KubeSuffix(5);
      const std::string name = NameOf(rs) + "-" + suffix;
      if (w_->store.Get("Pod", NamespaceOf(rs), name) != nullptr) continue;
      Json pod = NewPod(rs, name, proto);
      // Admission runs before the name is generated.
      Json& metadata = pod["metadata"];
      Json generated = std::move(metadata["name"]);
      metadata.erase("name");
      const Status st = AdmitPodQuota(*w_, pod);
      metadata["name"] = std::move(generated);
      if (!st.ok()) {
        w_->events.Record(rs, "Warning", "FailedCreate", "Error creating: " + st.message(), kSource);
        return st.message();
      }
      auto created = w_->store.Create(std::move(pod));
      if (!created.ok()) break;
      w_->events.Record(rs, "Normal", "SuccessfulCreate", "Created pod: " + name, kSource);
      break;
    }
  }
  return "";
}

void ReplicaSetController::DeletePods(const Json& rs, std::vector<const Json*> pods,
                                      int64_t count) {
  std::stable_sort(pods.begin(), pods.end(), DeleteFirst);
  std::vector<std::string> doomed;
  for (int64_t i = 0; i < count && i < static_cast<int64_t>(pods.size()); ++i) {
    doomed.push_back(NameOf(*pods[i]));
  }
  const Json rs_copy = rs;
  for (const std::string& name : doomed) {
    if (w_->store.Delete("Pod", NamespaceOf(rs_copy), name).ok()) {
      w_->events.Record(rs_copy, "Normal", "SuccessfulDelete", "Deleted pod: " + name, kSource);
    }
  }
}

UnixMillis ReplicaSetController::Sync(const std::string& ns, const std::string& name) {
  const Json* rs = w_->store.Get("ReplicaSet", ns, name);
  if (rs == nullptr) return 0;
  const int64_t want = IntAt(*rs, "spec.replicas", 1);
  auto pods = ActivePods(*rs);
  const int64_t have = static_cast<int64_t>(pods.size());
  std::string create_error;
  if (have < want) {
    create_error = CreatePods(Json(*rs), want - have);
  } else if (have > want) {
    DeletePods(*rs, pods, have - want);
  }
  if (have != want) {  // pods were created or deleted: list them again
    rs = w_->store.Get("ReplicaSet", ns, name);
    if (rs == nullptr) return 0;
    pods = ActivePods(*rs);
  }
  const int64_t min_ready = IntAt(*rs, "spec.minReadySeconds");
  const UnixMillis now = w_->clock.Now();
  int64_t ready = 0, available = 0, labeled = 0;
  UnixMillis resync = 0;
  const Json* tl = JsonAtPath(*rs, "spec.template.metadata.labels");
  for (const Json* p : pods) {
    if (IsPodReady(*p)) {
      ++ready;
      if (IsPodAvailable(*p, min_ready, now)) {
        ++available;
      } else {
        UnixMillis at = PodReadySince(*p) + min_ready * 1000;
        if (resync == 0 || at < resync) resync = at;
      }
    }
    if (tl == nullptr || LabelsOf(*p) == *tl) ++labeled;
  }
  Json st = rs->contains("status") ? (*rs)["status"] : Json::object();
  st["replicas"] = static_cast<int64_t>(pods.size());
  st["fullyLabeledReplicas"] = labeled;
  st["readyReplicas"] = ready;
  st["availableReplicas"] = available;
  st["observedGeneration"] = IntAt(*rs, "metadata.generation", 1);
  for (const char* k : {"readyReplicas", "availableReplicas", "fullyLabeledReplicas"}) {
    if (st[k] == 0) st.erase(k);  // omitempty, as the API server returns them
  }
  SetReplicaFailure(&st, create_error, now);
  (void)w_->store.ReplaceStatus("ReplicaSet", ns, name, std::move(st));
  const std::string key = KeyOf(ns, name);
  if (create_error.empty()) {
    create_failures_.erase(key);
    return resync;
  }
  // The workqueue's per-item exponential back-off: 5ms * 2^failures, at most 1000s.
  const int n = std::min(create_failures_[key]++, 20);
  const UnixMillis retry = now + std::max<int64_t>(1, std::min<int64_t>(5LL << n, 1000000) );
  return resync == 0 ? retry : std::min(resync, retry);
}

}  // namespace kf::sim
