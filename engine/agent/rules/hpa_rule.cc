// An autoscaler pinned at its ceiling: the workload's HPA runs maxReplicas,
// its ScalingLimited condition is True with reason TooManyReplicas and the
// CPU utilization is above its target, while every pod is Ready without
// restarts. The remedy raises spec.maxReplicas to 1.5x the replicas the
// current load needs (ceil(current × utilization / target)), so the HPA can
// scale out and keep headroom for more growth.
#include <cmath>

#include "engine/agent/hpa_evidence.h"
#include "engine/agent/net_facts.h"
#include "engine/agent/rules/common.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

std::optional<Finding> HpaMaxRule(const Facts& f) {
  if (!f.workload || !PodsLookHealthy(f)) return std::nullopt;
  const std::optional<HpaView> h = HpaOfWorkload(f);
  if (!h || h->max_replicas <= 0 || h->target_utilization <= 0 || h->utilization < 0) return std::nullopt;
  if (!h->limited || h->limited_reason != "TooManyReplicas") return std::nullopt;
  if (h->current_replicas < h->max_replicas || h->utilization <= h->target_utilization) return std::nullopt;
  const int step = f.lists.at(kHpaKind).step;
  const auto needed = static_cast<int64_t>(
      std::ceil(static_cast<double>(h->current_replicas * h->utilization) / static_cast<double>(h->target_utilization)));
  const auto new_max = static_cast<int64_t>(std::ceil(1.5 * static_cast<double>(needed)));
  const auto ll = [](int64_t v) { return static_cast<long long>(v); };

  Finding out;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(total, total, "Running and Ready") + ", 0 restarts"});
  out.evidence.push_back({step, StrFormat("hpa/%s: %lld/%lld replicas (min %lld), cpu %lld%% of request against a "
                                          "%lld%% target",
                                          h->name.c_str(), ll(h->current_replicas), ll(h->max_replicas),
                                          ll(h->min_replicas), ll(h->utilization), ll(h->target_utilization))});
  out.evidence.push_back({step, "ScalingLimited True TooManyReplicas: " + h->limited_message});
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "hpa-max";
  out.root_cause.resource = "horizontalpodautoscaler/" + h->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary =
      StrFormat("The HorizontalPodAutoscaler %s is pinned at maxReplicas %lld: the load needs about %lld replicas "
                "(cpu %lld%% of request against a %lld%% target), so each pod serves more than it should",
                h->name.c_str(), ll(h->max_replicas), ll(needed), ll(h->utilization), ll(h->target_utilization)) +
      (LatencyPhrase(f).empty() ? "." : " and latency rose (" + LatencyPhrase(f) + ").");
  out.impact = "Requests to " + f.workload->name + " queue on too few replicas; nothing restarts.";
  Option fix;
  fix.title = StrFormat("Raise maxReplicas of HPA %s from %lld to %lld", h->name.c_str(), ll(h->max_replicas),
                        ll(new_max));
  fix.call = calls::PatchResource(kHpaKind, f.workload->ns, h->name, Json{{"spec", {{"maxReplicas", new_max}}}});
  fix.rationale = StrFormat("The HPA then scales to the ~%lld replicas the current load needs within a sync period, "
                            "with room for further growth; scaling the Deployment by hand would be undone by the HPA.",
                            ll(needed));
  out.options.push_back(fix);
  out.follow_up = "Check that the nodes have room for the larger maximum, and size maxReplicas from peak traffic "
                  "(load tests or last year's sale) rather than the everyday load.";
  return out;
}

}  // namespace kf::agent::rules
