#include "engine/eval/conditions.h"

#include <cmath>
#include <cstdlib>
#include <map>

#include "engine/core/quantity.h"
#include "engine/core/strings.h"
#include "engine/eval/field_check.h"
#include "engine/sim/sim_util.h"

namespace kf::eval {

namespace {

using Params = Json;
using sim::IsPodReady;
using sim::IsPodTerminal;
using sim::MemoryBytes;
using sim::StrAt;

ConditionResult Pass(std::string detail) { return {true, std::move(detail)}; }
ConditionResult Fail(std::string detail) { return {false, std::move(detail)}; }

// "line 212: pods_ready needs selector" when a parameter is missing.
bool Need(const SuccessCondition& c, std::initializer_list<const char*> keys, ConditionResult* err) {
  for (const char* k : keys) {
    if (!c.params.contains(k)) {
      *err = Fail("line " + std::to_string(c.line) + ": " + c.type + " needs " + k);
      return false;
    }
  }
  return true;
}

std::string Where(const Params& p) {
  return JsonString(p, "selector") + " in " + JsonString(p, "namespace");
}

// The pods of the condition's selector that are not terminal and not being
// deleted: what `kubectl get pods -l SELECTOR` shows as current.
Result<std::vector<Json>> CurrentPods(const ConditionContext& ctx, const Params& p) {
  ListOptions opts;
  opts.label_selector = JsonString(p, "selector");
  KF_ASSIGN_OR_RETURN(Json list, ctx.cluster->List("Pod", JsonString(p, "namespace"), opts));
  std::vector<Json> out;
  for (const Json& pod : list["items"]) {
    if (IsPodTerminal(pod) || JsonAtPath(pod, "metadata.deletionTimestamp") != nullptr) continue;
    out.push_back(pod);
  }
  return out;
}

ConditionResult RolloutComplete(const SuccessCondition& c, const ConditionContext& ctx) {
  const Params& p = c.params;
  const std::string kind = JsonString(p, "kind", "Deployment");
  Result<Json> d = ctx.cluster->Get(kind, JsonString(p, "namespace"), JsonString(p, "name"));
  if (!d.ok()) return Fail("rollout_complete: " + d.status().message());
  const int64_t want = JsonInt((*d)["spec"], "replicas", 1);
  const Json& st = (*d)["status"];
  const bool observed = JsonInt(st, "observedGeneration") >= JsonInt((*d)["metadata"], "generation");
  const int64_t updated = JsonInt(st, "updatedReplicas"), total = JsonInt(st, "replicas"),
                available = JsonInt(st, "availableReplicas");
  const std::string what = ToLower(kind) + "/" + JsonString(p, "name") + ": " + std::to_string(updated) +
                           "/" + std::to_string(want) + " updated, " + std::to_string(available) +
                           " available, " + std::to_string(total) + " total";
  const bool done = observed && updated == want && available == want && total == want;
  return {done, "rollout_complete " + what};
}

ConditionResult PodsReady(const SuccessCondition& c, const ConditionContext& ctx) {
  Result<std::vector<Json>> pods = CurrentPods(ctx, c.params);
  if (!pods.ok()) return Fail("pods_ready: " + pods.status().message());
  int ready = 0;
  for (const Json& pod : *pods) ready += IsPodReady(pod) ? 1 : 0;
  const int64_t want = JsonInt(c.params, "count", 0);
  const int total = static_cast<int>(pods->size());
  const std::string detail = "pods_ready " + Where(c.params) + ": " + std::to_string(ready) + " of " +
                             std::to_string(total) + " Ready (want " +
                             (want > 0 ? std::to_string(want) : std::string("all")) + ")";
  const bool ok = want > 0 ? ready >= want : (total > 0 && ready == total);
  return {ok, detail};
}

// Pods whose containers match `bad` (restarted, OOM-killed, ...), by name.
template <typename Pred>
ConditionResult NoPodMatching(const SuccessCondition& c, const ConditionContext& ctx, const std::string& what,
                              Pred bad) {
  Result<std::vector<Json>> pods = CurrentPods(ctx, c.params);
  if (!pods.ok()) return Fail(c.type + ": " + pods.status().message());
  std::vector<std::string> names;
  for (const Json& pod : *pods) {
    const Json* statuses = JsonAtPath(pod, "status.containerStatuses");
    if (statuses == nullptr || !statuses->is_array()) continue;
    for (const Json& cs : *statuses) {
      if (bad(cs)) {
        names.push_back(StrAt(pod, "metadata.name"));
        break;
      }
    }
  }
  const std::string head = c.type + " " + Where(c.params) + ": ";
  if (names.empty()) return Pass(head + "none of " + std::to_string(pods->size()) + " pods " + what);
  return Fail(head + std::to_string(names.size()) + " of " + std::to_string(pods->size()) + " pods " + what +
              " (" + Join(names, ", ") + ")");
}

bool OomKilled(const Json& cs) {
  return StrAt(cs, "lastState.terminated.reason") == "OOMKilled" ||
         StrAt(cs, "state.terminated.reason") == "OOMKilled";
}

ConditionResult MemoryBelow(const SuccessCondition& c, const ConditionContext& ctx) {
  const Params& p = c.params;
  const double fraction = p.value("fraction", 0.0);
  Result<std::vector<Json>> pods = CurrentPods(ctx, p);
  if (!pods.ok()) return Fail("memory_utilisation_below: " + pods.status().message());
  Result<Json> usage = ctx.cluster->PodMetrics(JsonString(p, "namespace"), JsonString(p, "selector"));
  if (!usage.ok()) return Fail("memory_utilisation_below: " + usage.status().message());
  std::map<std::string, int64_t> used;  // "pod/container" → bytes
  for (const Json& item : (*usage)["items"]) {
    for (const Json& ct : item["containers"]) {
      Result<Quantity> q = Quantity::Parse(StrAt(ct, "usage.memory"));
      if (q.ok()) used[StrAt(item, "metadata.name") + "/" + JsonString(ct, "name")] = q->Value();
    }
  }
  double worst = 0;
  std::string worst_name;
  int measured = 0;
  for (const Json& pod : *pods) {
    for (const Json& ct : pod["spec"]["containers"]) {
      const int64_t limit = MemoryBytes(JsonMember(ct, "resources"), "limits");
      auto it = used.find(StrAt(pod, "metadata.name") + "/" + JsonString(ct, "name"));
      if (limit <= 0 || it == used.end()) continue;
      ++measured;
      const double f = static_cast<double>(it->second) / static_cast<double>(limit);
      if (f > worst) {
        worst = f;
        worst_name = StrAt(pod, "metadata.name");
      }
    }
  }
  const std::string head = "memory_utilisation_below " + Where(p) + ": ";
  if (measured == 0) return Fail(head + "no pod with a memory limit and usage");
  return {worst < fraction, head + StrFormat("highest %.0f%% of the limit (%s), want below %.0f%%",
                                             worst * 100, worst_name.c_str(), fraction * 100)};
}

bool Compare(double v, const std::string& op, double want) {
  if (op == "<") return v < want;
  if (op == "<=") return v <= want;
  if (op == ">") return v > want;
  if (op == ">=") return v >= want;
  return v == want;
}

ConditionResult Promql(const SuccessCondition& c, const ConditionContext& ctx) {
  const std::string query = JsonString(c.params, "query"), op = JsonString(c.params, "op");
  const double want = c.params.value("value", 0.0);
  if (ctx.metrics == nullptr) return Fail("promql: no metrics backend");
  Result<Json> r = ctx.metrics->Query(query, ctx.now);
  const std::string head = "promql " + query + " " + op + " " + StrFormat("%g", want) + ": ";
  if (!r.ok()) return Fail(head + r.status().message());
  std::vector<double> values;
  if ((*r)["resultType"] == "scalar") {
    values.push_back(std::strtod((*r)["result"][1].get<std::string>().c_str(), nullptr));
  } else {
    for (const Json& s : (*r)["result"]) {
      if (s.contains("value")) values.push_back(std::strtod(s["value"][1].get<std::string>().c_str(), nullptr));
    }
  }
  if (values.empty()) return Fail(head + "no data");
  bool ok = true;
  std::string shown;
  for (double v : values) {
    ok = ok && !std::isnan(v) && Compare(v, op, want);
    shown += (shown.empty() ? "" : ", ") + StrFormat("%g", v);
  }
  return {ok, head + "value " + shown};
}

ConditionResult EndpointsReady(const SuccessCondition& c, const ConditionContext& ctx) {
  const std::string ns = JsonString(c.params, "namespace"), name = JsonString(c.params, "name");
  const int64_t want = JsonInt(c.params, "min", 1);
  Result<Json> ep = ctx.cluster->Get("Endpoints", ns, name);
  if (!ep.ok()) return Fail("endpoints_ready: " + ep.status().message());
  int64_t ready = 0, not_ready = 0;
  if (const Json* subsets = JsonAtPath(*ep, "subsets"); subsets && subsets->is_array()) {
    for (const Json& s : *subsets) {
      ready += s.contains("addresses") ? static_cast<int64_t>(s["addresses"].size()) : 0;
      not_ready += s.contains("notReadyAddresses") ? static_cast<int64_t>(s["notReadyAddresses"].size()) : 0;
    }
  }
  return {ready >= want, "endpoints_ready " + name + " in " + ns + ": " + std::to_string(ready) + " ready, " +
                             std::to_string(not_ready) + " not ready (want " + std::to_string(want) + ")"};
}

ConditionResult PvcBound(const SuccessCondition& c, const ConditionContext& ctx) {
  const std::string ns = JsonString(c.params, "namespace"), name = JsonString(c.params, "name");
  Result<Json> pvc = ctx.cluster->Get("PersistentVolumeClaim", ns, name);
  if (!pvc.ok()) return Fail("pvc_bound: " + pvc.status().message());
  const std::string phase = StrAt(*pvc, "status.phase");
  return {phase == "Bound", "pvc_bound " + name + " in " + ns + ": " + (phase.empty() ? "no phase" : phase)};
}

ConditionResult ObjectField(const SuccessCondition& c, const ConditionContext& ctx) {
  const std::string kind = JsonString(c.params, "kind"), ns = JsonString(c.params, "namespace"),
                    name = JsonString(c.params, "name");
  Result<Json> obj = ctx.cluster->Get(kind, ns, name);
  if (!obj.ok()) return Fail("object_field: " + obj.status().message());
  FieldCheck f = CheckField(*obj, c.params);
  return {f.passed, "object_field " + ToLower(kind) + "/" + name + ": " + f.detail};
}

ConditionResult NoPendingPods(const SuccessCondition& c, const ConditionContext& ctx) {
  Result<std::vector<Json>> pods = CurrentPods(ctx, c.params);
  if (!pods.ok()) return Fail("no_pending_pods: " + pods.status().message());
  std::vector<std::string> pending;
  for (const Json& pod : *pods) {
    if (StrAt(pod, "status.phase") == "Pending") pending.push_back(StrAt(pod, "metadata.name"));
  }
  const std::string head = "no_pending_pods " + Where(c.params) + ": ";
  if (pending.empty()) return Pass(head + "none Pending");
  return Fail(head + std::to_string(pending.size()) + " Pending (" + Join(pending, ", ") + ")");
}

ConditionResult NoChanges(const ConditionContext& ctx) {
  std::vector<std::string> changed;
  if (ctx.mutations != nullptr) {
    for (const ExecutedMutation& m : *ctx.mutations) {
      changed.push_back(m.action + " " + ToLower(m.kind) + "/" + m.name + " (step " + std::to_string(m.step) + ")");
    }
  }
  if (changed.empty()) return Pass("no_changes: nothing was changed");
  return Fail("no_changes: " + Join(changed, ", "));
}

}  // namespace

ConditionResult CheckCondition(const SuccessCondition& c, const ConditionContext& ctx) {
  ConditionResult missing;
  const std::string& t = c.type;
  if (t == "rollout_complete") {
    return Need(c, {"namespace", "name"}, &missing) ? RolloutComplete(c, ctx) : missing;
  }
  if (t == "pods_ready") return Need(c, {"namespace", "selector"}, &missing) ? PodsReady(c, ctx) : missing;
  if (t == "no_restarts") {
    if (!Need(c, {"namespace", "selector"}, &missing)) return missing;
    return NoPodMatching(c, ctx, "restarted", [](const Json& cs) { return JsonInt(cs, "restartCount") > 0; });
  }
  if (t == "no_oom_kills") {
    return Need(c, {"namespace", "selector"}, &missing) ? NoPodMatching(c, ctx, "OOMKilled", OomKilled) : missing;
  }
  if (t == "memory_utilisation_below") {
    return Need(c, {"namespace", "selector", "fraction"}, &missing) ? MemoryBelow(c, ctx) : missing;
  }
  if (t == "promql") return Promql(c, ctx);  // the loader requires query, op, value
  if (t == "endpoints_ready") {
    return Need(c, {"namespace", "name"}, &missing) ? EndpointsReady(c, ctx) : missing;
  }
  if (t == "pvc_bound") return Need(c, {"namespace", "name"}, &missing) ? PvcBound(c, ctx) : missing;
  if (t == "object_field") {
    return Need(c, {"kind", "name", "path"}, &missing) ? ObjectField(c, ctx) : missing;
  }
  if (t == "no_pending_pods") {
    return Need(c, {"namespace", "selector"}, &missing) ? NoPendingPods(c, ctx) : missing;
  }
  if (t == "no_changes") return NoChanges(ctx);
  return Fail("line " + std::to_string(c.line) + ": unknown condition type \"" + t + "\"");
}

}  // namespace kf::eval
