#include "engine/agent/hpa_evidence.h"
#include "engine/agent/check_steps.h"

#include "engine/agent/net_facts.h"
#include "engine/agent/tool_calls.h"
#include "engine/agent/verification.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

constexpr char kVerifyWindow[] = "2m";

int64_t IntOf(const Json& j, const char* path, int64_t fallback = 0) {
  const Json* v = JsonAtPath(j, path);
  return v && v->is_number_integer() ? v->get<int64_t>() : fallback;
}

std::string StrOf(const Json& j, const char* path) {
  const Json* v = JsonAtPath(j, path);
  return v && v->is_string() ? v->get<std::string>() : "";
}

// The latest result of `call` among the steps; nullptr when not made.
const Step* ResultOf(const std::vector<const Step*>& scope, const ToolCall& call) {
  const Step* out = nullptr;
  for (const Step* s : scope) {
    if (s->kind == Step::Kind::kToolCall && s->call == call && !s->result.is_error) out = s;
  }
  return out;
}

}  // namespace

HpaView ReadHpa(const Json& h) {
  HpaView v;
  v.name = StrOf(h, "metadata.name");
  v.min_replicas = IntOf(h, "spec.minReplicas", 1);
  v.max_replicas = IntOf(h, "spec.maxReplicas");
  v.current_replicas = IntOf(h, "status.currentReplicas");
  v.desired_replicas = IntOf(h, "status.desiredReplicas");
  if (const Json* ms = JsonAtPath(h, "spec.metrics"); ms && ms->is_array()) {
    for (const Json& m : *ms) {
      if (StrOf(m, "type") == "Resource" && StrOf(m, "resource.name") == "cpu") {
        v.target_utilization = IntOf(m, "resource.target.averageUtilization");
      }
    }
  }
  if (const Json* ms = JsonAtPath(h, "status.currentMetrics"); ms && ms->is_array()) {
    for (const Json& m : *ms) {
      if (StrOf(m, "type") == "Resource" && StrOf(m, "resource.name") == "cpu") {
        v.utilization = IntOf(m, "resource.current.averageUtilization", -1);
      }
    }
  }
  if (const Json* cs = JsonAtPath(h, "status.conditions"); cs && cs->is_array()) {
    for (const Json& c : *cs) {
      if (StrOf(c, "type") != "ScalingLimited") continue;
      v.limited = StrOf(c, "status") == "True";
      v.limited_reason = StrOf(c, "reason");
      v.limited_message = StrOf(c, "message");
    }
  }
  return v;
}

std::optional<HpaView> HpaOfWorkload(const Facts& f) {
  if (!f.workload) return std::nullopt;
  auto it = f.lists.find(kHpaKind);
  if (it == f.lists.end()) return std::nullopt;
  const Json* items = JsonAtPath(it->second.value(), "items");
  if (!items || !items->is_array()) return std::nullopt;
  for (const Json& h : *items) {
    if (StrOf(h, "spec.scaleTargetRef.kind") == "Deployment" &&
        StrOf(h, "spec.scaleTargetRef.name") == f.workload->name) {
      return ReadHpa(h);
    }
  }
  return std::nullopt;
}

void AddHpaInvestigation(const Facts& f, std::vector<ToolCall>* plan) {
  if (!f.workload || !PodsLookHealthy(f)) return;
  plan->push_back(calls::ListResources(kHpaKind, f.workload->ns));
}

std::string P99WindowQuery(const std::string& service, const std::string& window) {
  return "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service=\"" + service +
         "\"}[" + window + "])))";
}

std::optional<AgentAction> HpaVerifyStep(const Transcript& t, int iteration, const std::vector<const Step*>& scope,
                                         const Facts& now, const Step& fix, const std::string& prompt) {
  const Assessment* a = LastAssessmentOf(t, iteration);
  if (a == nullptr || a->root_cause.category != "hpa-max" || !now.workload) return std::nullopt;
  const Workload& w = *now.workload;
  const std::string hpa_name = a->root_cause.resource.substr(a->root_cause.resource.find('/') + 1);
  const ToolCall get_hpa = calls::GetResource(kHpaKind, w.ns, hpa_name);
  const ToolCall p99 = calls::PromQuery(P99WindowQuery(w.name, kVerifyWindow));
  std::vector<ToolCall> plan = {get_hpa, calls::ListPods(w.ns, w.selector), calls::GetResource("deployment", w.ns, w.name)};
  if (!now.metrics_unavailable) plan.push_back(p99);
  for (const ToolCall& c : plan) {
    if (!CallDone(scope, c)) return AgentAction::Call(c.name, c.args);
  }
  // The incident as first seen: iteration 1's investigation.
  const std::vector<const Step*> first = FirstInvestigation(t);
  const Facts incident = ExtractFacts(t, first, prompt);
  const std::optional<HpaView> before = HpaOfWorkload(incident);

  Verification v;
  if (const Step* s = ResultOf(scope, get_hpa)) {
    const HpaView after = ReadHpa(s->result.structured);
    const int64_t old_max = before ? before->max_replicas : 0;
    std::string ev = StrFormat("hpa/%s: %lld replicas (max %lld", hpa_name.c_str(),
                               static_cast<long long>(after.current_replicas), static_cast<long long>(after.max_replicas));
    if (before) ev += StrFormat(", pinned at %lld before the fix", static_cast<long long>(old_max));
    ev += ")";
    if (after.utilization >= 0) {
      ev += StrFormat(", cpu %lld%%/%lld%%", static_cast<long long>(after.utilization),
                      static_cast<long long>(after.target_utilization));
    }
    ev += "; ScalingLimited " + std::string(after.limited ? "True " : "False ") + after.limited_reason;
    const bool scaled = after.current_replicas > old_max && !(after.limited && after.limited_reason == "TooManyReplicas");
    v.checks.push_back(MakeCheck("hpa-scaled", scaled, ev, s->number));
  } else {
    v.checks.push_back(MakeCheck("hpa-scaled", false, "the HPA was not read", 0));
  }
  v.checks.push_back(PodsReadyCheck(now.pods, fix.time));
  v.checks.push_back(RolloutCompleteCheck(now.deployment));
  if (!now.metrics_unavailable) {
    Located<double> p99_now;
    if (const Step* s = ResultOf(scope, p99)) {
      if (std::optional<double> x = MaxSample(s->result.structured)) p99_now = {*x, s->number};
    }
    std::optional<double> was, baseline;
    if (incident.p99_seconds.seen()) was = incident.p99_seconds.value;
    if (incident.p99_baseline.seen()) baseline = incident.p99_baseline.value;
    v.checks.push_back(LatencyCheck(p99_now, was, baseline));
  }
  return SubmitChecks(std::move(v));
}

}  // namespace kf::agent
