#include "engine/sim/deployment_controller.h"

#include <algorithm>

#include "engine/sim/defaults.h"
#include "engine/sim/selector.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

constexpr const char* kRevision = "deployment.kubernetes.io/revision";
constexpr const char* kRevisionHistory = "deployment.kubernetes.io/revision-history";
constexpr const char* kDesired = "deployment.kubernetes.io/desired-replicas";
constexpr const char* kMaxReplicas = "deployment.kubernetes.io/max-replicas";
const EventSource kSource{"deployment-controller", ""};

bool SkipAnnotation(const std::string& k) {
  return k == "kubectl.kubernetes.io/last-applied-configuration" || k == kRevision ||
         k == kRevisionHistory || k == kDesired || k == kMaxReplicas ||
         k == "deprecated.deployment.rollback.to";
}

int64_t Revision(const Json& obj) {
  const Json* a = JsonAtPath(obj, "metadata.annotations");
  if (a == nullptr || !a->is_object() || !a->contains(kRevision)) return 0;
  const Json& v = (*a)[kRevision];
  return v.is_string() ? std::atoll(v.get<std::string>().c_str()) : 0;
}

bool Paused(const Json& d) {
  const Json* p = JsonAtPath(d, "spec.paused");
  return p != nullptr && p->is_boolean() && p->get<bool>();
}

int64_t Spec(const Json& rs) { return IntAt(rs, "spec.replicas", 0); }
int64_t Available(const Json& rs) { return IntAt(rs, "status.availableReplicas", 0); }

Json& Annotations(Json& obj) {
  Json& a = obj["metadata"]["annotations"];
  if (!a.is_object()) a = Json::object();
  return a;
}

// Copies the deployment's annotations (minus the controller's own) onto rs.
void CopyAnnotations(const Json& d, Json& rs) {
  const Json* from = JsonAtPath(d, "metadata.annotations");
  if (from == nullptr || !from->is_object()) return;
  Json& to = Annotations(rs);
  for (auto it = from->begin(); it != from->end(); ++it) {
    if (!SkipAnnotation(it.key())) to[it.key()] = it.value();
  }
}

Json Condition(const std::string& type, bool status, const std::string& reason,
               const std::string& message, const std::string& now) {
  return {{"type", type}, {"status", status ? "True" : "False"}, {"lastUpdateTime", now},
          {"lastTransitionTime", now}, {"reason", reason}, {"message", message}};
}

const Json* FindCondition(const Json& status, const std::string& type) {
  const Json* conds = JsonAtPath(status, "conditions");
  if (conds == nullptr || !conds->is_array()) return nullptr;
  for (const Json& c : *conds) {
    if (JsonString(c, "type") == type) return &c;
  }
  return nullptr;
}

// SetDeploymentCondition: no change when status and reason are the same;
// otherwise replace, keeping the transition time when the status holds.
void SetCondition(Json& conds, Json cond) {
  for (Json& c : conds) {
    if (c["type"] != cond["type"]) continue;
    if (c["status"] == cond["status"] && c["reason"] == cond["reason"]) return;
    if (c["status"] == cond["status"]) cond["lastTransitionTime"] = c["lastTransitionTime"];
    c = std::move(cond);
    return;
  }
  conds.push_back(std::move(cond));
}

// getReplicaFailures: the ReplicaFailure condition of the new ReplicaSet
// (else of any other), as a Deployment condition; nullptr JSON when none.
Json ReplicaFailureOf(const std::vector<const Json*>& rses) {
  for (const Json* rs : rses) {
    const Json* status = rs != nullptr ? JsonAtPath(*rs, "status") : nullptr;
    const Json* c = status != nullptr ? FindCondition(*status, "ReplicaFailure") : nullptr;
    if (c == nullptr) continue;
    return {{"type", "ReplicaFailure"}, {"status", (*c)["status"]},
            {"lastUpdateTime", (*c)["lastTransitionTime"]}, {"lastTransitionTime", (*c)["lastTransitionTime"]},
            {"reason", (*c)["reason"]}, {"message", (*c)["message"]}};
  }
  return nullptr;
}

}  // namespace

struct DeploymentController::View {
  Json d;
  Json old_status;
  std::vector<Json> rses;  // owned, oldest first
  int64_t replicas = 0;
  int64_t max_surge = 0;
  int64_t max_unavailable = 0;

  int64_t SumSpec() const {
    int64_t n = 0;
    for (const Json& rs : rses) n += Spec(rs);
    return n;
  }
  int64_t SumAvailable() const {
    int64_t n = 0;
    for (const Json& rs : rses) n += Available(rs);
    return n;
  }
};

std::vector<Json> DeploymentController::OwnedReplicaSets(const Json& d) {
  std::vector<Json> out;
  const Json* sel = JsonAtPath(d, "spec.selector");
  auto selector = LabelSelectorFromJson(sel != nullptr ? *sel : Json());
  for (const Json* rs : w_->store.List("ReplicaSet", NamespaceOf(d))) {
    const Json* ref = ControllerRefOf(*rs);
    if (ref != nullptr) {
      if (JsonString(*ref, "uid") == UidOf(d)) out.push_back(*rs);
      continue;
    }
    // An orphan whose labels match the selector is adopted, as the
    // controller's ControllerRefManager does.
    if (!selector.ok() || selector->empty() || !selector->Matches(LabelsOf(*rs))) continue;
    Json adopted = *rs;
    adopted["metadata"]["ownerReferences"] = Json::array({OwnerRefTo(d)});
    auto stored = w_->store.Update(std::move(adopted));
    if (stored.ok()) out.push_back(*stored);
  }
  std::stable_sort(out.begin(), out.end(), [](const Json& a, const Json& b) {
    UnixMillis ta = TimeAt(a, "metadata.creationTimestamp");
    UnixMillis tb = TimeAt(b, "metadata.creationTimestamp");
    return ta != tb ? ta < tb : NameOf(a) < NameOf(b);
  });
  return out;
}

void DeploymentController::ScaleReplicaSet(View& v, Json& rs, int64_t replicas) {
  const int64_t old = Spec(rs);
  if (old == replicas) return;
  Json copy = rs;
  copy["spec"]["replicas"] = replicas;
  Annotations(copy)[kDesired] = std::to_string(v.replicas);
  Annotations(copy)[kMaxReplicas] = std::to_string(v.replicas + v.max_surge);
  auto stored = w_->store.Update(std::move(copy));
  if (!stored.ok()) return;
  rs = *stored;
  w_->events.Record(v.d, "Normal", "ScalingReplicaSet",
                    std::string("Scaled ") + (replicas > old ? "up" : "down") + " replica set " +
                        NameOf(rs) + " to " + std::to_string(replicas) + " from " +
                        std::to_string(old),
                    kSource);
}

Json* DeploymentController::EnsureNewReplicaSet(View& v) {
  const Json& tmpl = v.d["spec"]["template"];
  Json* found = nullptr;
  int64_t max_old = 0;
  for (Json& rs : v.rses) {
    if (found == nullptr && TemplatesMatch(rs["spec"]["template"], tmpl)) {
      found = &rs;
    }
  }
  for (Json& rs : v.rses) {
    if (&rs != found) max_old = std::max(max_old, Revision(rs));
  }
  if (found != nullptr) {
    Json copy = *found;
    CopyAnnotations(v.d, copy);
    const int64_t rev = Revision(copy);
    if (rev < max_old + 1) {
      Json& a = Annotations(copy);
      if (rev > 0) {
        std::string hist = JsonString(a, kRevisionHistory);
        a[kRevisionHistory] = hist.empty() ? std::to_string(rev) : hist + "," + std::to_string(rev);
      }
      a[kRevision] = std::to_string(max_old + 1);
    }
    const int64_t min_ready = IntAt(v.d, "spec.minReadySeconds");
    if (min_ready > 0) {
      copy["spec"]["minReadySeconds"] = min_ready;
    } else {
      copy["spec"].erase("minReadySeconds");
    }
    auto stored = w_->store.Update(std::move(copy));
    if (stored.ok()) *found = *stored;
    return found;
  }
  // A new ReplicaSet for the new template.
  const std::string dkey = KeyOf(v.d);
  std::string hash = w_->NextPin(w_->scenario.pins.replicaset_hashes, &w_->hash_pins_used, dkey);
  int64_t collisions = IntAt(v.d, "status.collisionCount");
  for (int attempt = 0; attempt < 8; ++attempt) {
    if (hash.empty()) hash = PodTemplateHash(tmpl, collisions);
    const std::string name = NameOf(v.d) + "-" + hash;
    if (w_->store.Get("ReplicaSet", NamespaceOf(v.d), name) != nullptr) {
      ++collisions;
      v.d["status"]["collisionCount"] = collisions;
      hash.clear();
      continue;
    }
    Json t = tmpl;
    t["metadata"]["labels"]["pod-template-hash"] = hash;
    Json selector = v.d["spec"]["selector"];
    selector["matchLabels"]["pod-template-hash"] = hash;
    // Initial size: what the rollout may add right away.
    int64_t size = v.replicas;
    if (StrAt(v.d, "spec.strategy.type", "RollingUpdate") == "RollingUpdate") {
      size = std::max<int64_t>(0, std::min(v.replicas + v.max_surge - v.SumSpec(), v.replicas));
    } else if (v.SumSpec() > 0) {
      size = 0;
    }
    Json rs = {{"apiVersion", "apps/v1"},
               {"kind", "ReplicaSet"},
               {"metadata",
                {{"name", name},
                 {"namespace", NamespaceOf(v.d)},
                 {"labels", t["metadata"]["labels"]},
                 {"ownerReferences", Json::array({OwnerRefTo(v.d)})}}},
               {"spec", {{"replicas", size}, {"selector", selector}, {"template", t}}},
               {"status", {{"replicas", 0}}}};
    CopyAnnotations(v.d, rs);
    Annotations(rs)[kRevision] = std::to_string(max_old + 1);
    Annotations(rs)[kDesired] = std::to_string(v.replicas);
    Annotations(rs)[kMaxReplicas] = std::to_string(v.replicas + v.max_surge);
    if (IntAt(v.d, "spec.minReadySeconds") > 0) {
      rs["spec"]["minReadySeconds"] = IntAt(v.d, "spec.minReadySeconds");
    }
    ApplyDefaults(&rs, w_->clock.Now());
    auto stored = w_->store.Create(std::move(rs));
    if (!stored.ok()) return nullptr;
    if (size > 0) {
      w_->events.Record(v.d, "Normal", "ScalingReplicaSet",
                        "Scaled up replica set " + name + " to " + std::to_string(size), kSource);
    }
    v.rses.push_back(**stored);
    return &v.rses.back();
  }
  return nullptr;
}

void DeploymentController::ReconcileOldReplicaSets(View& v, Json* new_rs) {
  int64_t old_pods = 0;
  for (Json& rs : v.rses) {
    if (&rs != new_rs) old_pods += Spec(rs);
  }
  if (old_pods == 0) return;
  const int64_t all_pods = v.SumSpec();
  const int64_t min_available = v.replicas - v.max_unavailable;
  const int64_t new_unavailable = new_rs ? Spec(*new_rs) - Available(*new_rs) : 0;
  int64_t max_scaled_down = all_pods - min_available - new_unavailable;
  if (max_scaled_down <= 0) return;
  // Clean up unhealthy replicas first (oldest ReplicaSets first).
  int64_t cleaned = 0;
  for (Json& rs : v.rses) {
    if (&rs == new_rs || cleaned >= max_scaled_down) continue;
    const int64_t unhealthy = Spec(rs) - Available(rs);
    if (Spec(rs) == 0 || unhealthy <= 0) continue;
    const int64_t n = std::min(max_scaled_down - cleaned, unhealthy);
    ScaleReplicaSet(v, rs, Spec(rs) - n);
    cleaned += n;
  }
  // Then scale down while availability stays at or above minAvailable.
  const int64_t available = v.SumAvailable();
  if (available <= min_available) return;
  int64_t remaining = available - min_available;
  for (Json& rs : v.rses) {
    if (&rs == new_rs || remaining <= 0 || Spec(rs) == 0) continue;
    const int64_t n = std::min(Spec(rs), remaining);
    ScaleReplicaSet(v, rs, Spec(rs) - n);
    remaining -= n;
  }
}

void DeploymentController::RolloutRolling(View& v, Json* new_rs) {
  if (new_rs != nullptr && Spec(*new_rs) != v.replicas) {
    int64_t want = v.replicas;
    if (Spec(*new_rs) < v.replicas) {
      const int64_t room = v.replicas + v.max_surge - v.SumSpec();
      want = room <= 0 ? Spec(*new_rs) : Spec(*new_rs) + std::min(room, v.replicas - Spec(*new_rs));
    }
    if (want != Spec(*new_rs)) {
      ScaleReplicaSet(v, *new_rs, want);
      return;  // as the controller does: status now, scale down next sync
    }
  }
  ReconcileOldReplicaSets(v, new_rs);
}

void DeploymentController::RolloutRecreate(View& v, Json* new_rs) {
  bool old_running = false;
  for (Json& rs : v.rses) {
    if (&rs == new_rs) continue;
    if (Spec(rs) > 0) ScaleReplicaSet(v, rs, 0);
    if (IntAt(rs, "status.replicas") > 0) old_running = true;
  }
  if (!old_running && new_rs != nullptr && Spec(*new_rs) != v.replicas) {
    ScaleReplicaSet(v, *new_rs, v.replicas);
  }
}

void DeploymentController::CleanupOldReplicaSets(View& v) {
  const int64_t limit = IntAt(v.d, "spec.revisionHistoryLimit", 10);
  std::vector<Json*> old;
  for (Json& rs : v.rses) {
    if (!TemplatesMatch(rs["spec"]["template"], v.d["spec"]["template"])) old.push_back(&rs);
  }
  int64_t diff = static_cast<int64_t>(old.size()) - limit;
  if (diff <= 0) return;
  std::stable_sort(old.begin(), old.end(),
                   [](const Json* a, const Json* b) { return Revision(*a) < Revision(*b); });
  for (int64_t i = 0; i < diff; ++i) {
    const Json& rs = *old[i];
    if (IntAt(rs, "status.replicas") != 0 || Spec(rs) != 0 ||
        IntAt(rs, "metadata.generation") > IntAt(rs, "status.observedGeneration")) {
      continue;
    }
    (void)w_->store.Delete("ReplicaSet", NamespaceOf(rs), NameOf(rs));
  }
}

UnixMillis DeploymentController::SyncStatus(View& v, Json* new_rs, bool created) {
  const UnixMillis now = w_->clock.Now();
  const std::string now_s = FormatRfc3339(now);
  int64_t replicas = 0, ready = 0, available = 0;
  for (const Json& rs : v.rses) {
    const Json* fresh = w_->store.Get("ReplicaSet", NamespaceOf(rs), NameOf(rs));
    if (fresh == nullptr) continue;
    replicas += IntAt(*fresh, "status.replicas");
    ready += IntAt(*fresh, "status.readyReplicas");
    available += IntAt(*fresh, "status.availableReplicas");
  }
  const Json* fresh_new = new_rs ? w_->store.Get("ReplicaSet", NamespaceOf(*new_rs), NameOf(*new_rs))
                                 : nullptr;
  const int64_t updated = fresh_new ? IntAt(*fresh_new, "status.replicas") : 0;
  Json st = v.d.value("status", Json::object());
  st["observedGeneration"] = IntAt(v.d, "metadata.generation", 1);
  st["replicas"] = replicas;
  st["updatedReplicas"] = updated;
  st["readyReplicas"] = ready;
  st["availableReplicas"] = available;
  st["unavailableReplicas"] = std::max<int64_t>(0, v.replicas - available);
  if (!st.contains("conditions") || !st["conditions"].is_array()) st["conditions"] = Json::array();
  Json& conds = st["conditions"];
  const bool min_ok = available >= v.replicas - v.max_unavailable;
  SetCondition(conds, Condition("Available", min_ok,
                                min_ok ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                                min_ok ? "Deployment has minimum availability."
                                       : "Deployment does not have minimum availability.",
                                now_s));
  const std::string rs_name = new_rs ? NameOf(*new_rs) : "";
  const bool complete = updated == v.replicas && replicas == v.replicas &&
                        available == v.replicas;
  const Json& old = v.old_status;
  const bool progressing =
      updated > IntAt(old, "updatedReplicas") || ready > IntAt(old, "readyReplicas") ||
      available > IntAt(old, "availableReplicas") ||
      replicas - updated < IntAt(old, "replicas") - IntAt(old, "updatedReplicas");
  const int64_t deadline = IntAt(v.d, "spec.progressDeadlineSeconds", 600);
  const Json* cur = FindCondition(st, "Progressing");
  UnixMillis resync = 0;
  // A finished rollout is not re-estimated on resyncs (pods coming and going
  // later do not make it "progressing" again), as syncRolloutStatus does.
  const bool finished = replicas == updated && cur != nullptr &&
                        JsonString(*cur, "reason") == "NewReplicaSetAvailable" && !created;
  if (finished) {
    // keep the condition as it is
  } else if (Paused(v.d)) {
    SetCondition(conds, Condition("Progressing", false, "DeploymentPaused",
                                  "Deployment is paused", now_s));
  } else if (complete) {
    SetCondition(conds, Condition("Progressing", true, "NewReplicaSetAvailable",
                                  "ReplicaSet \"" + rs_name + "\" has successfully progressed.",
                                  now_s));
  } else if (created) {
    SetCondition(conds, Condition("Progressing", true, "NewReplicaSetCreated",
                                  "Created new replica set \"" + rs_name + "\"", now_s));
  } else if (progressing || cur == nullptr) {
    Json c = Condition("Progressing", true, "ReplicaSetUpdated",
                       "ReplicaSet \"" + rs_name + "\" is progressing.", now_s);
    for (Json& existing : conds) {
      if (existing["type"] != "Progressing") continue;
      if (existing["status"] == "True") c["lastTransitionTime"] = existing["lastTransitionTime"];
      existing = c;
      c = nullptr;
    }
    if (!c.is_null()) conds.push_back(c);
  } else if (JsonString(*cur, "reason") != "ProgressDeadlineExceeded") {
    const UnixMillis last = TimeAt(*cur, "lastUpdateTime");
    if (now >= last + deadline * 1000) {
      SetCondition(conds, Condition("Progressing", false, "ProgressDeadlineExceeded",
                                    "ReplicaSet \"" + rs_name + "\" has timed out progressing.",
                                    now_s));
    }
  }
  cur = FindCondition(st, "Progressing");
  if (!complete && !finished && cur != nullptr &&
      JsonString(*cur, "reason") != "ProgressDeadlineExceeded") {
    resync = TimeAt(*cur, "lastUpdateTime") + deadline * 1000;
  }
  std::vector<const Json*> fresh_rses;
  if (new_rs != nullptr) fresh_rses.push_back(w_->store.Get("ReplicaSet", NamespaceOf(v.d), NameOf(*new_rs)));
  for (const Json& rs : v.rses) fresh_rses.push_back(w_->store.Get("ReplicaSet", NamespaceOf(v.d), NameOf(rs)));
  if (Json failure = ReplicaFailureOf(fresh_rses); !failure.is_null()) {
    SetCondition(conds, std::move(failure));
  } else {
    Json kept = Json::array();
    for (const Json& c : conds) {
      if (JsonString(c, "type") != "ReplicaFailure") kept.push_back(c);
    }
    conds = std::move(kept);
  }
  for (const char* k : {"replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
                        "unavailableReplicas"}) {
    if (st[k] == 0) st.erase(k);  // omitempty
  }
  Json d = v.d;
  d["status"] = st;
  (void)w_->store.Replace(std::move(d));
  return resync;
}

UnixMillis DeploymentController::Sync(const std::string& ns, const std::string& name) {
  const Json* stored = w_->store.Get("Deployment", ns, name);
  if (stored == nullptr) return 0;
  View v;
  v.d = *stored;
  v.old_status = v.d.value("status", Json::object());
  v.replicas = IntAt(v.d, "spec.replicas", 1);
  const Json* ru = JsonAtPath(v.d, "spec.strategy.rollingUpdate");
  v.max_surge = ResolveIntOrPercent(ru ? JsonAtPath(*ru, "maxSurge") : nullptr, v.replicas,
                                    true, "25%");
  v.max_unavailable = ResolveIntOrPercent(ru ? JsonAtPath(*ru, "maxUnavailable") : nullptr,
                                          v.replicas, false, "25%");
  if (v.max_surge == 0 && v.max_unavailable == 0) v.max_unavailable = 1;
  v.max_unavailable = std::min(v.max_unavailable, v.replicas);
  v.rses = OwnedReplicaSets(v.d);
  v.rses.reserve(v.rses.size() + 1);  // EnsureNewReplicaSet may append one

  const size_t before = v.rses.size();
  Json* new_rs = EnsureNewReplicaSet(v);
  const bool created = v.rses.size() > before;
  if (new_rs != nullptr) {
    Json& a = Annotations(v.d);
    const Json& nra = (*new_rs)["metadata"]["annotations"];
    if (JsonString(a, kRevision) != JsonString(nra, kRevision)) {
      a[kRevision] = JsonString(nra, kRevision);
      Json status = v.d["status"];
      auto updated = w_->store.Update(v.d);
      if (updated.ok()) {
        v.d = *updated;
        v.d["status"] = status;  // keeps a collisionCount set above
      }
    }
  }
  if (!Paused(v.d)) {
    if (StrAt(v.d, "spec.strategy.type", "RollingUpdate") == "Recreate") {
      RolloutRecreate(v, new_rs);
    } else {
      RolloutRolling(v, new_rs);
    }
  }
  const UnixMillis resync = SyncStatus(v, new_rs, created);
  const Json* fresh = w_->store.Get("Deployment", ns, name);
  if (fresh != nullptr && IntAt(*fresh, "status.availableReplicas") == v.replicas &&
      IntAt(*fresh, "status.updatedReplicas") == v.replicas &&
      IntAt(*fresh, "status.replicas") == v.replicas) {
    CleanupOldReplicaSets(v);
  }
  return resync;
}

}  // namespace kf::sim
