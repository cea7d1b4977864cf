#include "engine/agent/facts.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "engine/agent/tool_calls.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

// Whether `name` occurs in `text` delimited by non-name characters.
bool MentionsWord(const std::string& text, const std::string& name) {
  if (name.empty()) return false;
  for (size_t pos = text.find(name); pos != std::string::npos; pos = text.find(name, pos + 1)) {
    bool left = pos == 0 || !IsWordChar(text[pos - 1]);
    size_t end = pos + name.size();
    // A trailing '.' ends a sentence, not a name.
    bool right = end >= text.size() || !IsWordChar(text[end]) ||
                 (text[end] == '.' && (end + 1 >= text.size() || !IsWordChar(text[end + 1])));
    if (left && right) return true;
  }
  return false;
}

std::string SelectorOf(const Json& deployment) {
  const Json* labels = JsonAtPath(deployment, "spec.selector.matchLabels");
  std::vector<std::string> terms;
  if (labels && labels->is_object()) {
    for (const auto& [k, v] : labels->items()) {
      if (v.is_string()) terms.push_back(k + "=" + v.get<std::string>());
    }
  }
  return Join(terms, ",");
}

int64_t Unhealthy(const Json& d) {
  const Json* spec = JsonAtPath(d, "spec.replicas");
  int64_t want = spec && spec->is_number_integer() ? spec->get<int64_t>() : 1;
  const Json* status = JsonAtPath(d, "status");
  int64_t ready = status ? JsonInt(*status, "readyReplicas") : 0;
  return want - ready;
}

UnixMillis TimeAt(const Json& j, const char* path) {
  const Json* v = JsonAtPath(j, path);
  UnixMillis t = 0;
  if (v && v->is_string()) ParseRfc3339(v->get<std::string>(), &t);
  return t;
}

std::string ArgOf(const ToolCall& c, const char* key) { return JsonString(c.args, key); }

bool IsDeploymentKind(const std::string& k) {
  std::string l = ToLower(k);
  return l == "deployment" || l == "deployments" || l == "deploy";
}

}  // namespace

std::vector<const Step*> StepsInScope(const Transcript& transcript, int iteration, int after_step) {
  std::vector<const Step*> out;
  for (const Step& s : transcript) {
    if (s.iteration != iteration) continue;
    if (after_step > 0 && s.number <= after_step) continue;
    out.push_back(&s);
  }
  return out;
}

std::optional<Workload> ChooseWorkload(const Json& list, const std::string& prompt, int step) {
  const Json* items = JsonAtPath(list, "items");
  if (!items || !items->is_array() || items->empty()) return std::nullopt;
  const Json* best = nullptr;
  size_t best_len = 0;
  for (const Json& d : *items) {
    std::string name = JsonString(d["metadata"], "name");
    if (MentionsWord(prompt, name) && name.size() > best_len) {
      best = &d;
      best_len = name.size();
    }
  }
  if (!best) {
    int64_t worst = 0;
    for (const Json& d : *items) {
      if (JsonString(d["metadata"], "namespace") == "kube-system") continue;
      if (!best || Unhealthy(d) > worst) {
        best = &d;
        worst = Unhealthy(d);
      }
    }
  }
  if (!best) return std::nullopt;
  Workload w;
  w.name = JsonString((*best)["metadata"], "name");
  w.ns = JsonString((*best)["metadata"], "namespace");
  w.selector = SelectorOf(*best);
  w.step = step;
  return w;
}

PodFact ReadPod(const Json& pod) {
  PodFact p;
  p.name = JsonString(pod["metadata"], "name");
  p.created = TimeAt(pod, "metadata.creationTimestamp");
  p.status = JsonString(JsonMember(pod, "status"), "phase", "Unknown");
  p.reason = JsonString(JsonMember(pod, "status"), "reason");
  p.node = JsonString(JsonMember(pod, "spec"), "nodeName");
  if (pod.contains("metadata") && pod["metadata"].contains("deletionTimestamp")) p.status = "Terminating";
  const Json* statuses = JsonAtPath(pod, "status.containerStatuses");
  bool all_ready = statuses && statuses->is_array() && !statuses->empty();
  if (statuses && statuses->is_array()) {
    for (const Json& cs : *statuses) {
      bool ready = cs.value("ready", false);
      all_ready = all_ready && ready;
      p.restarts += static_cast<int>(JsonInt(cs, "restartCount"));
      if (p.container.empty() || !ready) {
        if (!ready || p.container.empty()) p.container = JsonString(cs, "name");
      }
      if (const Json* w = JsonAtPath(cs, "state.waiting"); w && w->is_object()) {
        std::string reason = JsonString(*w, "reason");
        if (!reason.empty() && reason != "ContainerCreating") p.status = reason;
      }
      if (const Json* t = JsonAtPath(cs, "lastState.terminated"); t && t->is_object()) {
        UnixMillis at = TimeAt(*t, "finishedAt");
        if (at >= p.last_terminated_at) {
          p.last_terminated_reason = JsonString(*t, "reason");
          p.last_exit_code = static_cast<int>(JsonInt(*t, "exitCode"));
          p.last_terminated_at = at;
        }
      }
      if (const Json* t = JsonAtPath(cs, "state.terminated"); t && t->is_object()) {
        std::string reason = JsonString(*t, "reason");
        if (!reason.empty()) p.status = reason;
      }
    }
  }
  p.ready = all_ready;
  // Still initializing: kubectl's "Init:i/N" (or "Init:<reason>").
  const Json* inits = JsonAtPath(pod, "status.initContainerStatuses");
  if (inits && inits->is_array() && JsonString(JsonMember(pod, "status"), "phase") == "Pending") {
    for (size_t i = 0; i < inits->size(); ++i) {
      const Json& cs = (*inits)[i];
      if (const Json* t = JsonAtPath(cs, "state.terminated"); t && t->is_object()) {
        if (JsonInt(*t, "exitCode") == 0) continue;
        p.status = "Init:" + JsonString(*t, "reason", "Error");
      } else if (const Json* w = JsonAtPath(cs, "state.waiting"); w && w->is_object() &&
                 !JsonString(*w, "reason").empty() && JsonString(*w, "reason") != "PodInitializing") {
        p.status = "Init:" + JsonString(*w, "reason");
      } else {
        p.status = StrFormat("Init:%zu/%zu", i, inits->size());
      }
      p.ready = false;
      break;
    }
  }
  return p;
}

std::vector<PodUsage> ReadUsage(const Json& list) {
  std::vector<PodUsage> out;
  const Json* items = JsonAtPath(list, "items");
  if (!items || !items->is_array()) return out;
  for (const Json& m : *items) {
    PodUsage u;
    u.name = JsonString(m["metadata"], "name");
    if (const Json* cs = JsonAtPath(m, "containers"); cs && cs->is_array()) {
      for (const Json& c : *cs) {
        auto mem = Quantity::Parse(JsonString(JsonMember(c, "usage"), "memory", "0"));
        auto cpu = Quantity::Parse(JsonString(JsonMember(c, "usage"), "cpu", "0"));
        if (mem.ok()) u.memory_bytes += mem->Value();
        if (cpu.ok()) u.cpu_millis += cpu->milli();
      }
    }
    out.push_back(u);
  }
  return out;
}

std::vector<Revision> ReadHistory(const Json& history, int* current_revision) {
  std::vector<Revision> out;
  *current_revision = static_cast<int>(JsonInt(history, "current_revision"));
  const Json* revs = JsonAtPath(history, "revisions");
  if (!revs || !revs->is_array()) return out;
  for (const Json& r : *revs) {
    Revision v;
    v.revision = static_cast<int>(JsonInt(r, "revision"));
    v.change_cause = JsonString(r, "change_cause");
    if (const Json* imgs = JsonAtPath(r, "images"); imgs && imgs->is_array()) {
      for (const Json& i : *imgs) {
        if (i.is_string()) v.images.push_back(i.get<std::string>());
      }
    }
    v.resources = r.value("resources", Json::array());
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(),
            [](const Revision& a, const Revision& b) { return a.revision < b.revision; });
  if (*current_revision == 0 && !out.empty()) *current_revision = out.back().revision;
  return out;
}

std::optional<double> MaxSample(const Json& data) {
  const Json* result = JsonAtPath(data, "result");
  if (!result || !result->is_array()) return std::nullopt;
  std::optional<double> best;
  for (const Json& series : *result) {
    const Json* value = JsonAtPath(series, "value");
    if (!value || !value->is_array() || value->size() != 2 || !(*value)[1].is_string()) continue;
    double v = std::strtod((*value)[1].get<std::string>().c_str(), nullptr);
    if (std::isnan(v) || std::isinf(v)) continue;
    if (!best || v > *best) best = v;
  }
  return best;
}

const Json* FindContainer(const Json& deployment, const std::string& name, int* index) {
  const Json* cs = JsonAtPath(deployment, "spec.template.spec.containers");
  if (!cs || !cs->is_array() || cs->empty()) return nullptr;
  for (size_t i = 0; i < cs->size(); ++i) {
    if (!name.empty() && JsonString((*cs)[i], "name") == name) {
      *index = static_cast<int>(i);
      return &(*cs)[i];
    }
  }
  *index = 0;
  return &(*cs)[0];
}

int64_t MemoryAt(const Json& container, const char* path) {
  const Json* v = JsonAtPath(container, path);
  if (!v || !v->is_string()) return 0;
  auto q = Quantity::Parse(v->get<std::string>());
  return q.ok() ? q->Value() : 0;
}

std::string P99Query(const std::string& service) {
  return "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{service=\"" + service +
         "\"}[5m]))";
}

std::string P99BaselineQuery(const std::string& service) {
  return "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{service=\"" + service +
         "\"}[5m] offset 30m))";
}

std::vector<const Step*> FirstInvestigation(const Transcript& t) {
  std::vector<const Step*> first;
  for (const Step* s : StepsInScope(t, 1, 0)) {
    if (s->phase == Phase::kInvestigate) first.push_back(s);
  }
  return first;
}

Facts ExtractFacts(const Transcript& all, const std::vector<const Step*>& scope,
                   const std::string& prompt) {
  Facts f;
  for (const Step& s : all) {
    if (s.kind != Step::Kind::kToolCall || s.result.is_error) continue;
    if (s.call.name == calls::kGetResource && IsDeploymentKind(ArgOf(s.call, "kind")) &&
        ArgOf(s.call, "name").empty() && !f.workload) {
      f.workload = ChooseWorkload(s.result.structured, prompt, s.number);
    }
  }
  if (!f.workload) return f;
  const Workload& w = *f.workload;
  for (const Step* s : scope) {
    if (s->kind != Step::Kind::kToolCall) continue;
    const std::string& tool = s->call.name;
    const Json& out = s->result.structured;
    if (tool == calls::kPromQuery) {
      if (s->result.is_error) {
        f.metrics_unavailable = true;
      } else if (ArgOf(s->call, "query") == P99Query(w.name)) {
        std::optional<double> v = MaxSample(out);
        f.p99_seconds = v ? Located<double>{*v, s->number} : Located<double>{};
      } else if (ArgOf(s->call, "query") == P99BaselineQuery(w.name)) {
        std::optional<double> v = MaxSample(out);
        f.p99_baseline = v ? Located<double>{*v, s->number} : Located<double>{};
      } else if (std::optional<double> v = MaxSample(out)) {
        f.queries[ArgOf(s->call, "query")] = {*v, s->number};
      }
      continue;
    }
    if (s->result.is_error) continue;
    if (tool == calls::kGetResource && IsDeploymentKind(ArgOf(s->call, "kind")) &&
        ArgOf(s->call, "name") == w.name) {
      f.deployment = {&out, s->number};
    } else if (tool == calls::kGetResource && ToLower(ArgOf(s->call, "kind")) == "resourcequota") {
      f.quotas = {&out, s->number};
    } else if (tool == calls::kGetResource && ArgOf(s->call, "name").empty() &&
               !IsDeploymentKind(ArgOf(s->call, "kind"))) {
      f.lists[ToLower(ArgOf(s->call, "kind"))] = {&out, s->number};
    } else if (tool == calls::kListPods) {
      std::vector<PodFact> pods;
      if (const Json* items = JsonAtPath(out, "items"); items && items->is_array()) {
        for (const Json& p : *items) pods.push_back(ReadPod(p));
      }
      f.pods = {pods, s->number};
    } else if (tool == calls::kGetEvents) {
      if (ToLower(ArgOf(s->call, "involved_object_kind")) == "node") {
        continue;  // a node's events: node_evidence.h
      } else if (!ArgOf(s->call, "involved_object_name").empty()) {
        f.pod_events = {&out, s->number};
      } else if (!ArgOf(s->call, "reason").empty()) {
        f.oom_events = {&out, s->number};
      } else {
        f.ns_events = {&out, s->number};
      }
    } else if (tool == calls::kGetPodLogs) {
      f.logs = {s->result.text, s->number};
    } else if (tool == calls::kTopPods) {
      f.usage = {ReadUsage(out), s->number};
    } else if (tool == calls::kRolloutHistory) {
      f.history = {ReadHistory(out, &f.current_revision), s->number};
    }
  }
  // The pod to look at closely: crash-looping or failing first, then the
  // most restarted, then any not ready.
  if (f.pods.seen()) {
    const PodFact* pick = nullptr;
    auto score = [](const PodFact& p) {
      int s = p.restarts;
      if (!p.ready) s += 1000;
      if (p.status != "Running" && p.status != "Succeeded") s += 10000;
      return s;
    };
    for (const PodFact& p : f.pods.value) {
      if (!p.ready || p.restarts > 0) {
        if (!pick || score(p) > score(*pick)) pick = &p;
      }
    }
    if (pick) f.failing_pod = pick->name;
  }
  ExtractNetFacts(scope, w.name, &f.net);
  ExtractNodeFacts(scope, w.name, &f.node);
  return f;
}

}  // namespace kf::agent
