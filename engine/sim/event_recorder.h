// Events as client-go's recorder writes them (core/v1 Event). An event
// identical to an earlier one (same source, involved object, type, reason and
// message) is not stored again: the earlier Event's count goes up and its
// lastTimestamp moves, as the EventCorrelator's aggregation does. Events of
// cluster-scoped objects (Nodes) live in namespace "default". Events expire
// after their TTL (the API server's 1h --event-ttl).
#pragma once

#include <string>
#include <unordered_map>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/sim/object_store.h"

namespace kf::sim {

struct EventSource {
  std::string component;  // "kubelet", "deployment-controller", ...
  std::string host;       // the node for kubelet events
};

class EventRecorder {
 public:
  // Both must outlive the recorder. Watches the store's Events (however
  // written) to know the oldest lastTimestamp among them.
  EventRecorder(ObjectStore* store, const Clock* clock);

  // Records an event about `object` (a stored object). field_path is the
  // involvedObject.fieldPath ("spec.containers{payment-service}").
  void Record(const Json& object, const std::string& type, const std::string& reason,
              const std::string& message, const EventSource& source,
              const std::string& field_path = "");
  // Deletes events last seen more than ttl ago. Reads no event while the
  // oldest cannot have expired.
  void Expire(DurationMs ttl);

 private:
  ObjectStore* store_;
  const Clock* clock_;
  // Aggregation key → (namespace, event name). Hashed: keys of one node's
  // events share long prefixes (component, host, kind, namespace), and
  // nothing depends on the order of the entries.
  std::unordered_map<std::string, std::pair<std::string, std::string>> index_;
  int64_t sequence_ = 0;
  // No stored Event was last seen before this (a lower bound: deletions do
  // not raise it; Expire's scan makes it exact).
  UnixMillis oldest_last_seen_ = INT64_MAX;
};

}  // namespace kf::sim
