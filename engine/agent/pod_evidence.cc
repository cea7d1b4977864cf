#include "engine/agent/pod_evidence.h"
#include "engine/agent/check_steps.h"

#include <algorithm>

#include "engine/agent/tool_calls.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

constexpr char kVerifyWindow[] = "1m";
constexpr double kErrorRatioHealthy = 0.01;
constexpr double kThrottledHealthy = 0.05;

bool PodsAllHealthy(const Facts& f) {
  if (!f.pods.seen() || f.pods.value.empty()) return false;
  for (const PodFact& p : f.pods.value) {
    if (!p.ready || p.status != "Running" || p.restarts > 0) return false;
  }
  return true;
}

std::optional<Located<double>> Query(const Facts& f, const std::string& q) {
  auto it = f.queries.find(q);
  if (it == f.queries.end()) return std::nullopt;
  return it->second;
}

std::string Percent(double v) { return StrFormat("%.1f%%", 100.0 * v); }

bool Asked(const std::vector<const Step*>& steps, const std::string& query) {
  for (const Step* s : steps) {
    if (s->kind == Step::Kind::kToolCall && s->call == calls::PromQuery(query)) return true;
  }
  return false;
}

}  // namespace

std::string ThrottlingQuery(const std::string& ns, const std::string& deployment,
                            const std::vector<std::string>& pods, const std::string& window) {
  const std::string match = pods.empty() ? deployment + "-.*" : Join(pods, "|");
  const std::string sel = "{namespace=\"" + ns + "\",pod=~\"" + match + "\",container!=\"\"}[" + window + "]";
  return "max by (pod) (rate(container_cpu_cfs_throttled_periods_total" + sel +
         ") / rate(container_cpu_cfs_periods_total" + sel + "))";
}

std::optional<Located<double>> ErrorRatioNow(const Facts& f) {
  return f.workload ? Query(f, ErrorRatioQuery(f.workload->name)) : std::nullopt;
}
std::optional<Located<double>> ErrorRatioBaseline(const Facts& f) {
  return f.workload ? Query(f, ErrorRatioQuery(f.workload->name, "5m", "30m")) : std::nullopt;
}
std::optional<Located<double>> ThrottledRatio(const Facts& f) {
  return f.workload ? Query(f, ThrottlingQuery(f.workload->ns, f.workload->name)) : std::nullopt;
}

void AppendPodInvestigation(const Facts& f, std::vector<ToolCall>* plan) {
  if (!f.workload || f.metrics_unavailable || !PodsAllHealthy(f)) return;
  const Workload& w = *f.workload;
  plan->push_back(calls::PromQuery(ErrorRatioQuery(w.name)));
  plan->push_back(calls::PromQuery(ErrorRatioQuery(w.name, "5m", "30m")));
  plan->push_back(calls::PromQuery(ThrottlingQuery(w.ns, w.name)));
  // Errors while every pod is healthy: what do the pods log?
  auto errors = ErrorRatioNow(f);
  if (errors && errors->value >= kErrorRatioHealthy) {
    plan->push_back(calls::GetPodLogs(w.ns, f.pods.value.front().name, false, 20));
  }
}

std::vector<ToolCall> WithPodVerification(std::vector<ToolCall> plan, const Transcript& t,
                                          const Facts& now, const std::string& prompt) {
  if (!now.workload || now.metrics_unavailable) return plan;
  const std::vector<const Step*> first = FirstInvestigation(t);
  (void)prompt;
  const Workload& w = *now.workload;
  if (Asked(first, ErrorRatioQuery(w.name))) plan.push_back(calls::PromQuery(ErrorRatioQuery(w.name, kVerifyWindow)));
  if (Asked(first, ThrottlingQuery(w.ns, w.name)) && now.pods.seen()) {
    std::vector<std::string> pods;
    for (const PodFact& p : now.pods.value) pods.push_back(p.name);
    plan.push_back(calls::PromQuery(ThrottlingQuery(w.ns, w.name, pods, kVerifyWindow)));
  }
  return plan;
}

void AddPodChecks(const Facts& incident, const Facts& now, std::vector<Check>* checks) {
  if (!now.workload) return;
  const Workload& w = *now.workload;
  if (auto before = ErrorRatioNow(incident)) {
    auto after = Query(now, ErrorRatioQuery(w.name, kVerifyWindow));
    auto baseline = ErrorRatioBaseline(incident);
    const double limit = std::max(kErrorRatioHealthy, baseline ? 2 * baseline->value : 0.0);
    std::string ev = "5xx ratio " + Percent(before->value) + " → " + (after ? Percent(after->value) : "no data");
    if (baseline) ev += " (baseline " + Percent(baseline->value) + ")";
    checks->push_back(MakeCheck("error-ratio", after && after->value <= limit, ev, after ? after->step : 0));
  }
  if (auto before = ThrottledRatio(incident)) {
    std::vector<std::string> pods;
    for (const PodFact& p : now.pods.value) pods.push_back(p.name);
    auto after = Query(now, ThrottlingQuery(w.ns, w.name, pods, kVerifyWindow));
    // No sample: the pods have no CPU limit left to throttle against, or were not throttled.
    const double value = after ? after->value : 0;
    checks->push_back(MakeCheck("cpu-throttling", now.pods.seen() && value < kThrottledHealthy,
                           "throttled CFS periods " + Percent(before->value) + " → " + Percent(value),
                           after ? after->step : 0));
  }
}

}  // namespace kf::agent
