#include "engine/sim/event_recorder.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <vector>

#include "engine/sim/sim_util.h"

namespace kf::sim {

EventRecorder::EventRecorder(ObjectStore* store, const Clock* clock) : store_(store), clock_(clock) {
  store_->AddListener([this](const std::string& kind, const Json& obj, Change c) {
    if (kind == "Event" && c != Change::kDeleted) {
      oldest_last_seen_ = std::min(oldest_last_seen_, TimeAt(obj, "lastTimestamp"));
    }
  });
}

void EventRecorder::Record(const Json& object, const std::string& type, const std::string& reason,
                           const std::string& message, const EventSource& source,
                           const std::string& field_path) {
  const std::string kind = JsonString(object, "kind");
  std::string ns = NamespaceOf(object);
  if (ns.empty()) ns = "default";
  const std::string& name = NameOf(object);
  const std::string* const parts[] = {&source.component, &source.host, &kind, &ns, &name, &UidOf(object),
                                      &field_path, &type, &reason, &message};
  std::string key = *parts[0];  // the parts joined with \x1f
  for (size_t i = 1; i < std::size(parts); ++i) (key += '\x1f') += *parts[i];
  const std::string now = FormatRfc3339(clock_->Now());
  auto it = index_.find(key);
  if (it != index_.end()) {
    auto counted = store_->Mutate("Event", it->second.first, it->second.second, [&now](Json& e) {
      e["count"] = JsonInt(e, "count", 1) + 1;
      e["lastTimestamp"] = now;
      return true;
    });
    if (counted.ok()) return;
    index_.erase(it);
  }
  // client-go names events "<object>.<unix nanos in hex>"; a sequence keeps
  // names unique within one millisecond.
  const uint64_t nanos = static_cast<uint64_t>(clock_->Now()) * 1000000ULL + (sequence_++ % 1000000);
  char hex[17];  // %llx, without snprintf's cost
  char* hex_end = std::to_chars(hex, hex + sizeof hex, nanos, 16).ptr;
  const std::string event_name = name + "." + std::string(hex, hex_end);
  // Built member by member into objects reserved to their size (the store
  // adds uid, resourceVersion and creationTimestamp to metadata): events are
  // the store's most numerous objects.
  auto reserved = [](size_t members) {
    Json j(Json::value_t::object);
    j.get_ref<Json::object_t&>().reserve(members);
    return j;
  };
  Json involved = reserved(7);
  involved["kind"] = kind;
  involved["name"] = name;
  involved["uid"] = UidOf(object);
  involved["apiVersion"] = JsonString(object, "apiVersion");
  involved["resourceVersion"] = ResourceVersionOf(object);
  if (!NamespaceOf(object).empty()) involved["namespace"] = NamespaceOf(object);
  if (!field_path.empty()) involved["fieldPath"] = field_path;
  Json src = reserved(2);
  src["component"] = source.component;
  if (!source.host.empty()) src["host"] = source.host;
  Json metadata = reserved(5);
  metadata["name"] = event_name;
  metadata["namespace"] = ns;
  Json e = reserved(15);
  e["apiVersion"] = "v1";
  e["kind"] = "Event";
  e["metadata"] = std::move(metadata);
  e["involvedObject"] = std::move(involved);
  e["reason"] = reason;
  e["message"] = message;
  e["source"] = std::move(src);
  e["firstTimestamp"] = now;
  e["lastTimestamp"] = now;
  e["count"] = 1;
  e["type"] = type;
  e["eventTime"] = nullptr;
  e["reportingComponent"] = source.component;
  e["reportingInstance"] = source.host;
  if (store_->Create(std::move(e)).ok()) index_[std::move(key)] = {ns, event_name};
}

namespace {

// Whether s is "YYYY-MM-DDTHH:MM:SSZ", the form FormatRfc3339 writes: such
// strings sort lexicographically in time order.
bool IsCanonicalSeconds(const std::string& s) {
  if (s.size() != 20) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char want = i == 4 || i == 7 ? '-' : i == 10 ? 'T' : i == 13 || i == 16 ? ':' : i == 19 ? 'Z' : '0';
    if (want == '0' ? s[i] < '0' || s[i] > '9' : s[i] != want) return false;
  }
  return true;
}

}  // namespace

void EventRecorder::Expire(DurationMs ttl) {
  const UnixMillis cutoff = clock_->Now() - ttl;
  // Events are stamped in whole seconds: one last seen at second s expired
  // when s*1000 < cutoff, i.e. when its text sorts before the cutoff's
  // (truncated) text, or equals it while the cutoff has milliseconds. Other
  // forms (events written through the API) are parsed.
  if (cutoff <= oldest_last_seen_) return;
  const std::string cutoff_text = FormatRfc3339(cutoff);
  const bool cutoff_has_millis = cutoff % 1000 != 0;
  std::vector<std::pair<std::string, std::string>> doomed;
  UnixMillis oldest_kept = INT64_MAX;
  for (const Json* e : store_->List("Event")) {
    auto last = e->find("lastTimestamp");
    bool expired;
    if (last != e->end() && last->is_string() && IsCanonicalSeconds(last->get_ref<const std::string&>())) {
      const std::string& text = last->get_ref<const std::string&>();
      expired = text < cutoff_text || (cutoff_has_millis && text == cutoff_text);
    } else {
      expired = TimeAt(*e, "lastTimestamp") < cutoff;
    }
    if (expired) {
      doomed.emplace_back(NamespaceOf(*e), NameOf(*e));
    } else {
      oldest_kept = std::min(oldest_kept, TimeAt(*e, "lastTimestamp"));
    }
  }
  oldest_last_seen_ = oldest_kept;
  if (doomed.empty()) return;
  for (const auto& [ns, name] : doomed) (void)store_->Delete("Event", ns, name);
  for (auto it = index_.begin(); it != index_.end();) {
    if (store_->Get("Event", it->second.first, it->second.second) == nullptr) {
      it = index_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace kf::sim
