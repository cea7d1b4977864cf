// NetVerifyStep: after a Service fix, the agent checks what a user would:
// the pods still Ready, the Service's Endpoints listing ready addresses on a
// port the containers listen on, and the 5xx share of requests back down.
#include <algorithm>

#include "engine/agent/facts.h"
#include "engine/agent/check_steps.h"
#include "engine/agent/net_facts.h"
#include "engine/agent/tool_calls.h"
#include "engine/agent/verification.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

constexpr double kMaxErrorRatio = 0.01;

Check EndpointsCheck(const NetFacts& n, const std::string& service) {
  if (n.endpoints_step == 0 || n.services_step == 0) {
    return MakeCheck("endpoints-ready", false, "the endpoints were not read", 0);
  }
  const std::vector<int64_t> listening = ContainerPorts(n);
  for (const ServiceView& v : ReadServices(n)) {
    if (v.name != service) continue;
    std::vector<std::string> ports, refused;
    for (int64_t p : v.endpoint_ports) {
      ports.push_back(std::to_string(p));
      if (!listening.empty() && std::find(listening.begin(), listening.end(), p) == listening.end()) {
        refused.push_back(std::to_string(p));
      }
    }
    std::string ev = StrFormat("service/%s has %d ready endpoint%s", service.c_str(), v.ready,
                               v.ready == 1 ? "" : "s");
    if (!ports.empty()) ev += " on port " + Join(ports, ",");
    if (!refused.empty()) ev += "; no container listens on " + Join(refused, ",");
    Check c = MakeCheck("endpoints-ready", v.ready > 0 && refused.empty(), ev, n.endpoints_step);
    c.steps.push_back(n.services_step);
    return c;
  }
  return MakeCheck("endpoints-ready", false, "service/" + service + " was not listed", n.services_step);
}

Check ErrorRateCheck(const NetFacts& n) {
  if (n.error_ratio_step == 0) return MakeCheck("error-rate", false, "the error rate was not read", 0);
  if (!n.error_ratio) return MakeCheck("error-rate", false, "no requests were served", n.error_ratio_step);
  return MakeCheck("error-rate", *n.error_ratio < kMaxErrorRatio,
              StrFormat("%.2f%% of requests failed with 5xx over the last 2m (threshold %.0f%%)",
                        100 * *n.error_ratio, 100 * kMaxErrorRatio),
              n.error_ratio_step);
}

}  // namespace

std::optional<AgentAction> NetVerifyStep(const Transcript& t, int iteration,
                                         const std::vector<const Step*>& scope, const Facts& now,
                                         const Step& fix) {
  const Assessment* a = LastAssessmentOf(t, iteration);
  if (a == nullptr) return std::nullopt;
  const std::string& category = a->root_cause.category;
  if (category != "service-selector" && category != "service-port") return std::nullopt;
  const Workload& w = *now.workload;
  const std::string service = a->root_cause.resource.substr(a->root_cause.resource.find('/') + 1);
  std::vector<ToolCall> plan = {calls::ListPods(w.ns, w.selector), calls::ListResources("service", w.ns),
                                calls::ListResources("endpoints", w.ns)};
  if (!now.metrics_unavailable) plan.push_back(calls::PromQuery(ErrorRatioQuery(w.name, "2m")));
  for (const ToolCall& c : plan) {
    if (!CallDone(scope, c)) return AgentAction::Call(c.name, c.args);
  }
  Verification v;
  v.checks.push_back(PodsReadyCheck(now.pods, fix.time));
  v.checks.push_back(EndpointsCheck(now.net, service));
  if (!now.metrics_unavailable) v.checks.push_back(ErrorRateCheck(now.net));
  return SubmitChecks(std::move(v));
}

}  // namespace kf::agent
