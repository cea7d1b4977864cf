#include "engine/agent/rules/common.h"

#include <cmath>

#include "engine/agent/tool_calls.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

int CountStatus(const Facts& f, std::initializer_list<const char*> statuses) {
  int n = 0;
  for (const PodFact& p : f.pods.value) {
    for (const char* s : statuses) {
      if (p.status == s) {
        ++n;
        break;
      }
    }
  }
  return n;
}

std::string PodsPhrase(int n, int total, const std::string& what) {
  return StrFormat("%d of %d pod%s %s %s", n, total, total == 1 ? "" : "s", n == 1 ? "is" : "are",
                   what.c_str());
}

const Json* FindEvent(const Facts& f, const std::function<bool(const Json&)>& pred, int* step) {
  for (const JsonRead* list : {&f.pod_events, &f.ns_events, &f.oom_events}) {
    if (!list->seen()) continue;
    const Json* items = JsonAtPath(list->value(), "items");
    if (!items || !items->is_array()) continue;
    for (const Json& e : *items) {
      if (pred(e)) {
        *step = list->step;
        return &e;
      }
    }
  }
  return nullptr;
}

std::string EventLine(const Json& e) {
  return JsonString(e, "type", "Normal") + " " + JsonString(e, "reason") + ": " +
         JsonString(e, "message");
}

std::string VersionOf(const Revision& r) {
  if (!r.images.empty()) {
    const std::string& img = r.images[0];
    size_t colon = img.rfind(':');
    if (img.find('@') == std::string::npos && colon != std::string::npos &&
        img.find('/', colon) == std::string::npos) {
      return img.substr(colon + 1);
    }
  }
  return StrFormat("revision %d", r.revision);
}

const Revision* FindRevision(const Facts& f, int revision) {
  for (const Revision& r : f.history.value) {
    if (r.revision == revision) return &r;
  }
  return nullptr;
}

const Revision* RollbackTarget(const Facts& f) {
  const Revision* current = FindRevision(f, f.current_revision);
  if (!current) return nullptr;
  const Revision* by_image = nullptr;
  const Revision* by_resources = nullptr;
  const Revision* previous = nullptr;
  for (const Revision& r : f.history.value) {
    if (r.revision >= current->revision) continue;
    previous = &r;  // ascending order: the last one wins
    if (r.images != current->images) by_image = &r;
    if (CanonicalJson(r.resources) != CanonicalJson(current->resources)) by_resources = &r;
  }
  if (by_image) return by_image;
  if (by_resources) return by_resources;
  return previous;
}

std::optional<Option> RollbackOption(const Facts& f, const std::string& rationale) {
  const Revision* target = RollbackTarget(f);
  if (!target || !f.workload) return std::nullopt;
  Option o;
  std::string version = VersionOf(*target);
  o.title = version.rfind("revision ", 0) == 0
                ? "Roll back to " + version
                : StrFormat("Roll back to %s (revision %d)", version.c_str(), target->revision);
  o.call = calls::RolloutUndo("deployment", f.workload->ns, f.workload->name, target->revision);
  o.rationale = rationale;
  return o;
}

std::string RequestsOf(const Revision& r) {
  if (!r.resources.is_array() || r.resources.empty()) return "";
  const Json* req = JsonAtPath(r.resources[0], "requests");
  if (req == nullptr || !req->is_object() || req->empty()) return "";
  std::vector<std::string> parts;
  for (auto it = req->begin(); it != req->end(); ++it) {
    parts.push_back(it.key() + "=" + (it.value().is_string() ? it.value().get<std::string>() : it.value().dump()));
  }
  return "requests " + Join(parts, " ");
}

Json ContainerPatch(const std::string& container, const Json& fields) {
  Json c = fields;
  c["name"] = container;
  return Json{{"spec", {{"template", {{"spec", {{"containers", Json::array({c})}}}}}}}};
}

std::string FormatMillis(double seconds) {
  int64_t ms = std::llround(seconds * 1000.0);
  if (ms >= 1000) {
    ms = (ms + 50) / 100 * 100;
  } else if (ms >= 100) {
    ms = (ms + 2) / 5 * 5;
  }
  return WithThousands(ms) + "ms";
}

std::string LatencyPhrase(const Facts& f) {
  if (!f.p99_seconds.seen()) return "";
  if (f.p99_baseline.seen()) {
    return FormatMillis(f.p99_baseline.value) + " → " + FormatMillis(f.p99_seconds.value) + " p99";
  }
  return FormatMillis(f.p99_seconds.value) + " p99";
}

void AddCurrentRevisionEvidence(const Facts& f, std::vector<EvidenceItem>* evidence) {
  const Revision* cur = FindRevision(f, f.current_revision);
  if (cur == nullptr || !f.history.seen()) return;
  evidence->push_back({f.history.step, StrFormat("current revision %d: %s", cur->revision,
                                                 cur->change_cause.empty() ? VersionOf(*cur).c_str()
                                                                           : cur->change_cause.c_str())});
}

void AddLatencyEvidence(const Facts& f, std::vector<EvidenceItem>* evidence) {
  if (!f.p99_seconds.seen()) return;
  std::string s = "p99 latency is " + FormatMillis(f.p99_seconds.value);
  if (f.p99_baseline.seen()) s += " (30 minutes earlier: " + FormatMillis(f.p99_baseline.value) + ")";
  evidence->push_back({f.p99_seconds.step, s});
}

std::string ChartOrManifest(const Facts& f) {
  const Json* managed = JsonAtPath(f.deployment.value(), "metadata.labels");
  bool helm = managed && managed->is_object() &&
              (JsonString(*managed, "app.kubernetes.io/managed-by") == "Helm" ||
               managed->contains("helm.sh/chart"));
  return std::string(helm ? "the Helm chart defaults" : "the deployment manifests") + " for " +
         (f.workload ? f.workload->name : std::string("the workload"));
}

}  // namespace kf::agent::rules
