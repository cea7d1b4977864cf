// Service-side failures behind healthy pods: a Service whose selector matches
// no pod (Endpoints <none>, 503s), and a Service whose targetPort no
// container listens on (endpoints exist, connections refused, 502s). The
// remedy patches the Service to route to the workload's pods.
#include <algorithm>

#include "engine/agent/net_facts.h"
#include "engine/agent/rules/common.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

// Below this 5xx share the orphaned or misrouted Service is not the incident.
constexpr double kErrorRatio = 0.05;

// "app=x,tier=web" → {"app":"x","tier":"web"}.
Json SelectorJson(const std::string& selector) {
  Json out = Json::object();
  for (const std::string& term : Split(selector, ',')) {
    const size_t eq = term.find('=');
    if (eq != std::string::npos) out[term.substr(0, eq)] = term.substr(eq + 1);
  }
  return out;
}

std::string SelectorText(const Json& selector) {
  std::vector<std::string> terms;
  for (const auto& [k, v] : selector.items()) terms.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
  return Join(terms, ",");
}

bool SelectsAny(const Json& selector, const std::vector<Json>& labels) {
  for (const Json& l : labels) {
    if (SelectorMatches(selector, l)) return true;
  }
  return false;
}

// The error-rate evidence, or false when the error rate was read and is low.
bool ErrorsCorroborate(const Facts& f, std::vector<EvidenceItem>* evidence) {
  const NetFacts& n = f.net;
  if (n.error_ratio_step == 0) return true;
  if (n.error_ratio && *n.error_ratio < kErrorRatio) return false;
  evidence->push_back({n.error_ratio_step,
                       n.error_ratio ? StrFormat("%.0f%% of requests to %s fail with 5xx over the last 2m",
                                                 100 * *n.error_ratio, f.workload->name.c_str())
                                     : "no request to " + f.workload->name + " was served in the last 2m"});
  return true;
}

std::string PodsLine(const Facts& f) {
  const size_t n = f.pods.value.size();
  return StrFormat("%zu/%zu pods of deployment %s Running and Ready, 0 restarts", n, n, f.workload->name.c_str());
}

// The listed pods' declared ports: (name, containerPort).
std::vector<std::pair<std::string, int64_t>> NamedPorts(const NetFacts& n) {
  std::vector<std::pair<std::string, int64_t>> out;
  const Json* items = JsonAtPath(*n.pod_list, "items");
  if (!items || !items->is_array() || items->empty()) return out;
  const Json* cs = JsonAtPath((*items)[0], "spec.containers");
  if (!cs || !cs->is_array()) return out;
  for (const Json& c : *cs) {
    const Json* ports = JsonAtPath(c, "ports");
    if (!ports || !ports->is_array()) continue;
    for (const Json& p : *ports) {
      if (p.contains("containerPort") && p["containerPort"].is_number_integer()) {
        out.emplace_back(JsonString(p, "name"), p["containerPort"].get<int64_t>());
      }
    }
  }
  return out;
}

}  // namespace

std::optional<Finding> ServiceSelectorRule(const Facts& f) {
  if (!f.workload || !PodsLookHealthy(f) || f.net.services_step == 0 || f.net.endpoints_step == 0) {
    return std::nullopt;
  }
  const std::vector<Json> labels = PodLabels(f.net);
  const std::vector<ServiceView> services = ReadServices(f.net);
  const ServiceView* pick = nullptr;
  int orphans = 0;
  for (const ServiceView& v : services) {
    if (SelectsAny(v.selector, labels)) {
      if (v.name == f.workload->name) return std::nullopt;  // the workload's Service routes fine
      continue;
    }
    if (v.selector.empty() || v.ready + v.not_ready > 0) continue;
    ++orphans;
    if (!pick || v.name == f.workload->name) pick = &v;
  }
  if (!pick || (orphans > 1 && pick->name != f.workload->name)) return std::nullopt;
  Finding out;
  out.evidence.push_back({f.pods.step, PodsLine(f)});
  out.evidence.push_back({f.net.endpoints_step, "Endpoints " + pick->name + ": <none> (no pod matches the selector)"});
  if (!ErrorsCorroborate(f, &out.evidence)) return std::nullopt;
  const Json want = SelectorJson(f.workload->selector);
  std::vector<std::string> wrong;
  Json patch_selector = Json::object();
  for (const auto& [k, v] : pick->selector.items()) {
    if (!want.contains(k)) {
      patch_selector[k] = nullptr;
      wrong.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
    } else if (want[k] != v) {
      wrong.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
    }
  }
  for (const auto& [k, v] : want.items()) patch_selector[k] = v;
  out.evidence.push_back({f.net.services_step, "service/" + pick->name + " selects " +
                                                   SelectorText(pick->selector) + "; the pods are labelled " +
                                                   f.workload->selector});
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "service-selector";
  out.root_cause.resource = "service/" + pick->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = "The selector of service " + pick->name + " (" + SelectorText(pick->selector) +
                           ") matches no pod: " + Join(wrong, ", ") + " is not a label of the pods of deployment " +
                           f.workload->name + ", so the Service has no endpoints and every request fails.";
  out.impact = "Requests to service " + pick->name + " get no backend (503) although all " +
               std::to_string(f.pods.value.size()) + " pods are healthy.";
  Option fix;
  fix.title = "Point the selector of service " + pick->name + " at the pods (" + f.workload->selector + ")";
  fix.call = calls::PatchResource("service", f.workload->ns, pick->name,
                                  Json{{"spec", {{"selector", patch_selector}}}});
  fix.rationale = "The Endpoints controller then lists the Ready pods and traffic flows again; the pods need no change.";
  out.options.push_back(fix);
  out.follow_up = "Fix the Service selector in " + ChartOrManifest(f) +
                  " and alert on Services with no ready endpoints (kube_endpoint_address_available == 0).";
  return out;
}

std::optional<Finding> ServicePortRule(const Facts& f) {
  if (!f.workload || !PodsLookHealthy(f) || f.net.services_step == 0 || f.net.endpoints_step == 0) {
    return std::nullopt;
  }
  const std::vector<Json> labels = PodLabels(f.net);
  const std::vector<int64_t> listening = ContainerPorts(f.net);
  if (listening.empty()) return std::nullopt;
  const auto named = NamedPorts(f.net);
  for (const ServiceView& v : ReadServices(f.net)) {
    if (!SelectsAny(v.selector, labels) || v.ready == 0) continue;
    Json ports = Json::array();
    std::vector<std::string> wrong;
    for (const Json& p : v.ports) {
      const Json tp = p.contains("targetPort") ? p["targetPort"] : p.value("port", Json(0));
      if (!tp.is_number_integer()) continue;  // a named port resolves per pod
      const int64_t target = tp.get<int64_t>();
      if (std::find(listening.begin(), listening.end(), target) != listening.end()) continue;
      int64_t to = listening.size() == 1 ? listening[0] : 0;
      for (const auto& [name, port] : named) {
        if (!name.empty() && name == JsonString(p, "name")) to = port;
      }
      if (to == 0) continue;
      ports.push_back(Json{{"port", p.value("port", Json(0))}, {"targetPort", to}});
      wrong.push_back(StrFormat("port %lld → targetPort %lld (containers listen on %lld)",
                                static_cast<long long>(p.value("port", 0)), static_cast<long long>(target),
                                static_cast<long long>(to)));
    }
    if (ports.empty()) continue;
    Finding out;
    out.evidence.push_back({f.pods.step, PodsLine(f)});
    std::vector<std::string> eps;
    for (int64_t p : v.endpoint_ports) eps.push_back(std::to_string(p));
    out.evidence.push_back({f.net.endpoints_step, StrFormat("Endpoints %s: %d ready address%s on port ", v.name.c_str(),
                                                            v.ready, v.ready == 1 ? "" : "es") +
                                                      Join(eps, ",")});
    out.evidence.push_back({f.net.services_step, "service/" + v.name + ": " + Join(wrong, "; ")});
    if (!ErrorsCorroborate(f, &out.evidence)) return std::nullopt;
    AddLatencyEvidence(f, &out.evidence);
    out.root_cause.category = "service-port";
    out.root_cause.resource = "service/" + v.name;
    out.root_cause.ns = f.workload->ns;
    out.root_cause.summary = "Service " + v.name + " sends traffic to a port no container listens on (" +
                             Join(wrong, "; ") + "): connections to the endpoints are refused.";
    out.impact = "Requests through service " + v.name + " fail (connection refused, 502) although all " +
                 std::to_string(f.pods.value.size()) + " pods are Ready.";
    Option fix;
    fix.title = "Set the targetPort of service " + v.name + " to the container port";
    fix.call = calls::PatchResource("service", f.workload->ns, v.name, Json{{"spec", {{"ports", ports}}}});
    fix.rationale = "The Endpoints then carry the port the containers listen on; the pods need no change.";
    out.options.push_back(fix);
    out.follow_up = "Use a named targetPort (e.g. targetPort: http) in " + ChartOrManifest(f) +
                    " so a port change in the container follows automatically.";
    return out;
  }
  return std::nullopt;
}

}  // namespace kf::agent::rules
