// The simulated API server's storage: Kubernetes objects as JSON, keyed by
// (kind, namespace, name), with the server-side metadata a real API server
// maintains (uid, resourceVersion, generation, creationTimestamp) and an
// index of dependents by owner uid. Internal to engine/sim; clients go
// through SimBackend, which adds validation and defaulting.
//
// Not thread-safe. Listeners run synchronously after each change and must
// not mutate the store (they record work for later).
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/rng.h"
#include "engine/core/status.h"

namespace kf::sim {

struct ObjectKey {
  std::string kind;
  std::string ns;
  std::string name;
  auto operator<=>(const ObjectKey&) const = default;
};

enum class Change { kAdded, kModified, kDeleted };

class ObjectStore {
 public:
  // (kind, the object after the change — before it for deletes, change).
  using Listener = std::function<void(const std::string& kind, const Json& obj, Change)>;

  // uid_rng draws uids; clock stamps creationTimestamp. Both must outlive
  // the store.
  ObjectStore(const Clock* clock, Rng* uid_rng) : clock_(clock), uid_rng_(uid_rng) {}

  void AddListener(Listener l) { listeners_.push_back(std::move(l)); }

  // nullptr when absent. The pointer is valid until the next mutation.
  const Json* Get(const std::string& kind, const std::string& ns, const std::string& name) const;
  // Objects of kind in ns ("" = every namespace), ordered by (ns, name).
  std::vector<const Json*> List(const std::string& kind, const std::string& ns = "") const;
  // Keys of objects that name uid in their ownerReferences, ordered.
  std::vector<ObjectKey> Dependents(const std::string& uid) const;
  size_t Count(const std::string& kind) const;

  // Stores a new object: sets metadata.uid (unless `keep_uid` and present),
  // resourceVersion, creationTimestamp (unless present) and generation 1
  // for kinds that track it. Returns the stored object (valid until the
  // next mutation). AlreadyExists when the key is taken.
  Result<const Json*> Create(Json obj, bool keep_uid = false);
  // Replaces the stored object. When nothing changed the stored object is
  // returned untouched (no resourceVersion bump). A changed spec bumps
  // metadata.generation for kinds that track it. uid, creationTimestamp and
  // generation cannot be changed by the caller. NotFound when absent.
  Result<Json> Update(Json obj);
  // Update without copying the result back: the stored object (valid until
  // the next mutation), or NotFound. Same semantics as Update.
  Result<const Json*> Replace(Json obj);
  // Update of only the object's .status, in place: the same as Update with
  // the stored object whose status is `status` (no-op when equal, else a
  // resourceVersion bump and a kModified notification), without copying
  // the object. NotFound when absent.
  Status ReplaceStatus(const std::string& kind, const std::string& ns, const std::string& name,
                       Json status);
  // Changes the stored object in place, without copying it: `change` edits
  // it and returns whether it changed anything. The same as Replace with the
  // edited copy when it did (resourceVersion bump, generation bump on a spec
  // change for kinds that track it, kModified notification), nothing when it
  // did not. REQUIRES: `change` leaves kind, metadata.namespace, name, uid,
  // creationTimestamp, resourceVersion and generation alone. Returns the
  // stored object (valid until the next mutation), or NotFound.
  Result<const Json*> Mutate(const std::string& kind, const std::string& ns, const std::string& name,
                             const std::function<bool(Json&)>& change);
  // Removes the object and returns it. NotFound when absent.
  Result<Json> Delete(const std::string& kind, const std::string& ns, const std::string& name);

  // The current resourceVersion counter as a string.
  std::string ResourceVersion() const { return std::to_string(rv_); }
  // Every object, ordered by (kind, namespace, name).
  Json Dump() const;

 private:
  using Bucket = std::map<std::pair<std::string, std::string>, Json>;
  void Notify(const std::string& kind, const Json& obj, Change c);
  void IndexOwners(const ObjectKey& key, const Json& obj, bool add);

  const Clock* clock_;
  Rng* uid_rng_;
  int64_t rv_ = 1000;
  std::map<std::string, Bucket> kinds_;
  std::map<std::string, std::set<ObjectKey>> dependents_;
  std::vector<Listener> listeners_;
};

}  // namespace kf::sim
