// The healthy control: every pod Running and Ready without restarts, every
// Service that selects the pods has ready endpoints, few 5xx, and p99 latency
// at its baseline. The right answer is to change nothing. Tried last, after
// every failure rule.
#include <algorithm>

#include "engine/agent/net_facts.h"
#include "engine/agent/rules/common.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

constexpr double kHealthyErrorRatio = 0.01;
constexpr double kLatencyOverBaseline = 1.5;

}  // namespace

std::optional<Finding> HealthyRule(const Facts& f) {
  if (!f.workload || !PodsLookHealthy(f) || f.net.services_step == 0 || f.net.endpoints_step == 0) {
    return std::nullopt;
  }
  const NetFacts& n = f.net;
  Finding out;
  const size_t pods = f.pods.value.size();
  out.evidence.push_back({f.pods.step, StrFormat("%zu/%zu pods Running and Ready, 0 restarts", pods, pods)});
  const std::vector<Json> labels = PodLabels(n);
  std::vector<std::string> routed;
  for (const ServiceView& v : ReadServices(n)) {
    bool selects = false;
    for (const Json& l : labels) selects = selects || SelectorMatches(v.selector, l);
    if (!selects) continue;
    if (v.ready == 0) return std::nullopt;
    routed.push_back(StrFormat("service/%s: %d ready endpoints", v.name.c_str(), v.ready));
  }
  if (routed.empty()) return std::nullopt;
  out.evidence.push_back({n.endpoints_step, Join(routed, "; ")});
  if (!f.metrics_unavailable) {
    if (!n.error_ratio || *n.error_ratio >= kHealthyErrorRatio) return std::nullopt;
    out.evidence.push_back({n.error_ratio_step, StrFormat("%.2f%% of requests failed with 5xx over the last 2m",
                                                          100 * *n.error_ratio)});
    if (!f.p99_seconds.seen() || !f.p99_baseline.seen() ||
        f.p99_seconds.value > kLatencyOverBaseline * f.p99_baseline.value) {
      return std::nullopt;
    }
    AddLatencyEvidence(f, &out.evidence);
  }
  if (f.usage.seen()) {
    int64_t cpu = 0, mem = 0;
    for (const PodUsage& u : f.usage.value) {
      cpu = std::max(cpu, u.cpu_millis);
      mem = std::max(mem, u.memory_bytes);
    }
    out.evidence.push_back({f.usage.step, StrFormat("highest pod usage %lldm CPU, %lldMi memory",
                                                    static_cast<long long>(cpu),
                                                    static_cast<long long>(mem >> 20))});
  }
  out.root_cause.category = "none";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = "Deployment " + f.workload->name +
                           " is healthy: every pod is Ready without restarts, its Service has ready endpoints, "
                           "errors and latency are at their baseline. Nothing needs to change.";
  out.impact = "None observed.";
  out.follow_up = "If users still report problems, look at the caller side (client errors, DNS, ingress) "
                  "with the time and request they saw.";
  return out;
}

}  // namespace kf::agent::rules
