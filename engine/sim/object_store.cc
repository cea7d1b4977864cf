#include "engine/sim/object_store.h"

#include "engine/sim/api_errors.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

bool TracksGeneration(const std::string& kind) {
  return kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet" ||
         kind == "DaemonSet" || kind == "Job" || kind == "CronJob" ||
         kind == "HorizontalPodAutoscaler" || kind == "PodDisruptionBudget";
}

}  // namespace

const Json* ObjectStore::Get(const std::string& kind, const std::string& ns,
                             const std::string& name) const {
  auto k = kinds_.find(kind);
  if (k == kinds_.end()) return nullptr;
  auto it = k->second.find({ns, name});
  return it == k->second.end() ? nullptr : &it->second;
}

std::vector<const Json*> ObjectStore::List(const std::string& kind, const std::string& ns) const {
  std::vector<const Json*> out;
  auto k = kinds_.find(kind);
  if (k == kinds_.end()) return out;
  if (ns.empty()) {
    out.reserve(k->second.size());
    for (const auto& [key, obj] : k->second) out.push_back(&obj);
    return out;
  }
  for (auto it = k->second.lower_bound({ns, ""}); it != k->second.end() && it->first.first == ns;
       ++it) {
    out.push_back(&it->second);
  }
  return out;
}

std::vector<ObjectKey> ObjectStore::Dependents(const std::string& uid) const {
  auto it = dependents_.find(uid);
  if (it == dependents_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

size_t ObjectStore::Count(const std::string& kind) const {
  auto k = kinds_.find(kind);
  return k == kinds_.end() ? 0 : k->second.size();
}

Result<const Json*> ObjectStore::Create(Json obj, bool keep_uid) {
  const std::string kind = JsonString(obj, "kind");
  ObjectKey key{kind, NamespaceOf(obj), NameOf(obj)};
  Bucket& bucket = kinds_[kind];
  if (bucket.count({key.ns, key.name})) return AlreadyExistsError(kind, key.name);
  Json& md = obj["metadata"];
  if (!keep_uid || !md.contains("uid")) md["uid"] = NewUid(*uid_rng_);
  md["resourceVersion"] = std::to_string(++rv_);
  if (!md.contains("creationTimestamp") || md["creationTimestamp"].is_null()) {
    md["creationTimestamp"] = FormatRfc3339(clock_->Now());
  }
  if (TracksGeneration(kind)) md["generation"] = 1;
  auto [it, inserted] = bucket.emplace(std::make_pair(key.ns, key.name), std::move(obj));
  IndexOwners(key, it->second, true);
  Notify(kind, it->second, Change::kAdded);
  return &it->second;
}

Result<Json> ObjectStore::Update(Json obj) {
  KF_ASSIGN_OR_RETURN(const Json* stored, Replace(std::move(obj)));
  return *stored;
}

Status ObjectStore::ReplaceStatus(const std::string& kind, const std::string& ns,
                                  const std::string& name, Json status) {
  auto k = kinds_.find(kind);
  if (k == kinds_.end()) return NotFoundError(kind, name);
  auto it = k->second.find({ns, name});
  if (it == k->second.end()) return NotFoundError(kind, name);
  Json& stored = it->second;
  // Only .status changes: spec, generation and ownerReferences stay.
  if (auto old = stored.find("status"); old != stored.end() && *old == status) return Status::Ok();
  stored["status"] = std::move(status);
  stored["metadata"]["resourceVersion"] = std::to_string(++rv_);
  Notify(kind, stored, Change::kModified);
  return Status::Ok();
}

Result<const Json*> ObjectStore::Replace(Json obj) {
  const std::string kind = JsonString(obj, "kind");
  ObjectKey key{kind, NamespaceOf(obj), NameOf(obj)};
  auto k = kinds_.find(kind);
  if (k == kinds_.end() || !k->second.count({key.ns, key.name})) {
    return NotFoundError(kind, key.name);
  }
  Json& stored = k->second[{key.ns, key.name}];
  Json& md = obj["metadata"];
  const Json& old_md = stored["metadata"];
  md["uid"] = old_md["uid"];
  md["creationTimestamp"] = old_md["creationTimestamp"];
  md["resourceVersion"] = old_md["resourceVersion"];
  if (old_md.contains("generation")) md["generation"] = old_md["generation"];
  if (obj == stored) return &stored;
  if (TracksGeneration(kind) && JsonMember(obj, "spec") != JsonMember(stored, "spec")) {
    md["generation"] = JsonInt(old_md, "generation", 1) + 1;
  }
  md["resourceVersion"] = std::to_string(++rv_);
  IndexOwners(key, stored, false);
  stored = std::move(obj);
  IndexOwners(key, stored, true);
  Notify(kind, stored, Change::kModified);
  return &stored;
}

Result<const Json*> ObjectStore::Mutate(const std::string& kind, const std::string& ns,
                                        const std::string& name,
                                        const std::function<bool(Json&)>& change) {
  auto k = kinds_.find(kind);
  if (k == kinds_.end()) return NotFoundError(kind, name);
  auto it = k->second.find({ns, name});
  if (it == k->second.end()) return NotFoundError(kind, name);
  Json& stored = it->second;
  const ObjectKey key{kind, ns, name};
  const bool tracks_generation = TracksGeneration(kind);
  const Json old_spec = tracks_generation ? JsonMember(stored, "spec") : Json();
  IndexOwners(key, stored, false);
  const bool changed = change(stored);
  IndexOwners(key, stored, true);
  if (!changed) return &stored;
  Json& md = stored["metadata"];
  if (tracks_generation && JsonMember(stored, "spec") != old_spec) {
    md["generation"] = JsonInt(md, "generation", 1) + 1;
  }
  md["resourceVersion"] = std::to_string(++rv_);
  Notify(kind, stored, Change::kModified);
  return &stored;
}

Result<Json> ObjectStore::Delete(const std::string& kind, const std::string& ns,
                                 const std::string& name) {
  auto k = kinds_.find(kind);
  if (k == kinds_.end()) return NotFoundError(kind, name);
  auto it = k->second.find({ns, name});
  if (it == k->second.end()) return NotFoundError(kind, name);
  Json obj = std::move(it->second);
  k->second.erase(it);
  ++rv_;
  IndexOwners(ObjectKey{kind, ns, name}, obj, false);
  Notify(kind, obj, Change::kDeleted);
  return obj;
}

Json ObjectStore::Dump() const {
  Json out = Json::array();
  for (const auto& [kind, bucket] : kinds_) {
    for (const auto& [key, obj] : bucket) out.push_back(obj);
  }
  return out;
}

void ObjectStore::Notify(const std::string& kind, const Json& obj, Change c) {
  for (const Listener& l : listeners_) l(kind, obj, c);
}

void ObjectStore::IndexOwners(const ObjectKey& key, const Json& obj, bool add) {
  const Json* refs = JsonAtPath(obj, "metadata.ownerReferences");
  if (refs == nullptr || !refs->is_array()) return;
  for (const Json& r : *refs) {
    std::string uid = JsonString(r, "uid");
    if (uid.empty()) continue;
    if (add) {
      dependents_[uid].insert(key);
    } else {
      auto it = dependents_.find(uid);
      if (it == dependents_.end()) continue;
      it->second.erase(key);
      if (it->second.empty()) dependents_.erase(it);
    }
  }
}

}  // namespace kf::sim
