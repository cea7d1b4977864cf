#include "engine/sim/hpa_controller.h"

#include <algorithm>
#include <cmath>

#include "engine/core/strings.h"
#include "engine/sim/selector.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

constexpr double kTolerance = 0.1;
constexpr DurationMs kScaleDownWindow = 5 * 60 * 1000;
constexpr char kCpuMetric[] = "cpu resource utilization (percentage of request)";

// spec.metrics: the averageUtilization of a Resource cpu Utilization target, 0 when none.
int64_t CpuTarget(const Json& hpa) {
  const Json* metrics = JsonAtPath(hpa, "spec.metrics");
  if (metrics == nullptr || !metrics->is_array()) return 0;
  for (const Json& m : *metrics) {
    if (JsonString(m, "type") != "Resource" || StrAt(m, "resource.name") != "cpu") continue;
    if (StrAt(m, "resource.target.type") != "Utilization") continue;
    return IntAt(m, "resource.target.averageUtilization");
  }
  return 0;
}

// A condition, keeping lastTransitionTime when the status did not change.
Json Condition(const Json& old_status, const std::string& type, bool status, const std::string& reason,
               const std::string& message, UnixMillis now) {
  const std::string s = status ? "True" : "False";
  std::string since = FormatRfc3339(now);
  if (const Json* conds = JsonAtPath(old_status, "conditions"); conds != nullptr && conds->is_array()) {
    for (const Json& c : *conds) {
      if (JsonString(c, "type") == type && JsonString(c, "status") == s) since = JsonString(c, "lastTransitionTime", since);
    }
  }
  return Json{{"type", type}, {"status", s}, {"reason", reason}, {"message", message}, {"lastTransitionTime", since}};
}

struct CpuReading {
  int64_t ready = 0;          // Ready pods with metrics
  int64_t unready = 0;        // pods not Ready (or without metrics yet)
  double usage = 0;           // millicores, ready pods
  double requests = 0;        // millicores, ready pods
  double unready_requests = 0;
};

}  // namespace

void HpaController::SyncAll() {
  std::vector<Json> hpas;
  for (const Json* h : w_->store.List("HorizontalPodAutoscaler")) hpas.push_back(*h);
  for (const Json& h : hpas) Sync(h);
}

void HpaController::Sync(const Json& hpa) {
  const UnixMillis now = w_->clock.Now();
  const std::string ns = NamespaceOf(hpa), name = NameOf(hpa);
  const Json old_status = hpa.value("status", Json::object());
  if (StrAt(hpa, "spec.scaleTargetRef.kind") != "Deployment") return;
  const int64_t target = CpuTarget(hpa);
  if (target <= 0) return;
  const Json* d = w_->store.Get("Deployment", ns, StrAt(hpa, "spec.scaleTargetRef.name"));
  if (d == nullptr) return;
  const Json deployment = *d;
  const int64_t current = IntAt(deployment, "spec.replicas", 1);
  const int64_t min_replicas = IntAt(hpa, "spec.minReplicas", 1);
  const int64_t max_replicas = IntAt(hpa, "spec.maxReplicas", current);

  Json status = Json{{"currentReplicas", IntAt(deployment, "status.replicas")},
                     {"desiredReplicas", current},
                     {"observedGeneration", IntAt(hpa, "metadata.generation", 1)}};
  if (old_status.contains("lastScaleTime")) status["lastScaleTime"] = old_status["lastScaleTime"];
  if (old_status.contains("currentMetrics")) status["currentMetrics"] = old_status["currentMetrics"];
  auto write = [&](std::vector<Json> conditions) {
    status["conditions"] = std::move(conditions);
    const Json* stored = w_->store.Get("HorizontalPodAutoscaler", ns, name);
    if (stored == nullptr) return;
    Json updated = *stored;
    updated["status"] = status;
    (void)w_->store.Replace(std::move(updated));
  };

  if (current == 0) {
    write({Condition(old_status, "AbleToScale", true, "SucceededGetScale",
                     "the HPA controller was able to get the target's current scale", now),
           Condition(old_status, "ScalingActive", false, "ScalingDisabled",
                     "scaling is disabled since the replica count of the target is zero", now)});
    return;
  }

  // The pods of the target, as the replica calculator sees them.
  Result<LabelSelector> selector = LabelSelectorFromJson(deployment["spec"].value("selector", Json()));
  if (!selector.ok()) return;
  CpuReading r;
  for (const Json* pod : w_->store.List("Pod", ns)) {
    if (!selector->Matches(LabelsOf(*pod)) || IsPodTerminal(*pod)) continue;
    if (pod->contains("metadata") && (*pod)["metadata"].contains("deletionTimestamp")) continue;
    double usage = 0, requests = 0;
    bool metrics = true;
    for (const Json& c : JsonMember((*pod)["spec"], "containers")) {
      requests += static_cast<double>(CpuMilli(JsonMember(c, "resources"), "requests"));
      const ContainerUsage* u = metrics_->Usage(ns, NameOf(*pod), JsonString(c, "name"));
      if (u == nullptr || u->cpu_millicores <= 0) metrics = false;
      else usage += u->cpu_millicores;
    }
    if (IsPodReady(*pod) && metrics) {
      ++r.ready;
      r.usage += usage;
      r.requests += requests;
    } else {
      ++r.unready;
      r.unready_requests += requests;
    }
  }
  if (r.ready == 0 || r.requests <= 0) {
    write({Condition(old_status, "AbleToScale", true, "SucceededGetScale",
                     "the HPA controller was able to get the target's current scale", now),
           Condition(old_status, "ScalingActive", false, "FailedGetResourceMetric",
                     "the HPA was unable to compute the replica count: failed to get cpu utilization: did not "
                     "receive metrics for targeted pods (pods might be unready)",
                     now)});
    return;
  }
  const int64_t utilization = static_cast<int64_t>(r.usage * 100 / r.requests);
  const double ratio = static_cast<double>(utilization) / static_cast<double>(target);
  int64_t desired = current;
  if (std::fabs(ratio - 1) > kTolerance) {
    desired = static_cast<int64_t>(std::ceil(ratio * static_cast<double>(r.ready)));
    if (ratio > 1 && r.unready > 0) {  // unready pods count as 0% when scaling up
      const double adjusted = r.usage * 100 / (r.requests + r.unready_requests) / static_cast<double>(target);
      desired = std::fabs(adjusted - 1) <= kTolerance || adjusted < 1
                    ? current
                    : static_cast<int64_t>(std::ceil(adjusted * static_cast<double>(r.ready + r.unready)));
    }
  }
  status["currentMetrics"] = Json::array(
      {Json{{"type", "Resource"},
            {"resource", {{"name", "cpu"},
                          {"current", {{"averageUtilization", utilization},
                                       {"averageValue", StrFormat("%lldm", static_cast<long long>(
                                                                               r.usage / static_cast<double>(r.ready)))}}}}}}});

  // Scale-down stabilization: the highest recommendation of the window.
  std::vector<Recommendation>& recs = recommendations_[KeyOf(ns, name)];
  recs.push_back({now, desired});
  recs.erase(std::remove_if(recs.begin(), recs.end(),
                            [&](const Recommendation& x) { return x.at < now - kScaleDownWindow; }),
             recs.end());
  int64_t stabilized = desired;
  bool down_stabilized = false;
  if (desired < current) {
    int64_t highest = desired;
    for (const Recommendation& x : recs) highest = std::max(highest, x.replicas);
    stabilized = std::min(current, highest);
    down_stabilized = stabilized != desired;
  }
  // The default behaviour's rate limits, then the HPA's bounds.
  int64_t final_replicas = stabilized;
  std::string reason = "DesiredWithinRange", message = "the desired count is within the acceptable range";
  if (stabilized > current) {
    const int64_t up_limit = std::max(current * 2, current + 4);
    const int64_t allowed = std::min(max_replicas, up_limit);
    if (stabilized > allowed) {
      final_replicas = allowed;
      if (max_replicas > up_limit) {
        reason = "ScaleUpLimit";
        message = "the desired replica count is increasing faster than the maximum scale rate";
      } else {
        reason = "TooManyReplicas";
        message = "the desired replica count is more than the maximum replica count";
      }
    }
  } else if (stabilized < current || stabilized < min_replicas || stabilized > max_replicas) {
    if (stabilized < min_replicas) {
      final_replicas = min_replicas;
      reason = "TooFewReplicas";
      message = "the desired replica count is less than the minimum replica count";
    } else if (stabilized > max_replicas) {
      final_replicas = max_replicas;
      reason = "TooManyReplicas";
      message = "the desired replica count is more than the maximum replica count";
    }
  }
  status["desiredReplicas"] = final_replicas;

  Json able = Condition(old_status, "AbleToScale", true, "ReadyForNewScale", "recommended size matches current size", now);
  if (down_stabilized && final_replicas == current) {
    able = Condition(old_status, "AbleToScale", true, "ScaleDownStabilized",
                     "recent recommendations were higher than current one, applying the highest recent recommendation",
                     now);
  }
  if (final_replicas != current) {
    Result<Json> scaled = backend_->Patch("Deployment", ns, NameOf(deployment), PatchType::kMerge,
                                          Json{{"spec", {{"replicas", final_replicas}}}});
    if (scaled.ok()) {
      able = Condition(old_status, "AbleToScale", true, "SucceededRescale",
                       StrFormat("the HPA controller was able to update the target scale to %lld",
                                 static_cast<long long>(final_replicas)),
                       now);
      status["lastScaleTime"] = FormatRfc3339(now);
      const std::string why = final_replicas > current ? std::string(kCpuMetric) + " above target"
                                                       : "All metrics below target";
      const Json* fresh = w_->store.Get("HorizontalPodAutoscaler", ns, name);
      if (fresh != nullptr) {
        w_->events.Record(*fresh, "Normal", "SuccessfulRescale",
                          StrFormat("New size: %lld; reason: %s", static_cast<long long>(final_replicas), why.c_str()),
                          EventSource{"horizontal-pod-autoscaler", ""});
      }
    }
  }
  write({able,
         Condition(old_status, "ScalingActive", true, "ValidMetricFound",
                   std::string("the HPA was able to successfully calculate a replica count from ") + kCpuMetric, now),
         Condition(old_status, "ScalingLimited", final_replicas != stabilized, reason, message, now)});
}

}  // namespace kf::sim
