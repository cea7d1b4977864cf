// The builtin agent's evidence about a workload's Services, Endpoints, error
// rate (and the objects around it) when its pods look healthy: what it reads,
// the calls that read it, and the verification of a Service-side fix.
// Pure functions of the transcript, like facts.h; nothing here calls a tool.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/agent/transcript.h"

namespace kf::agent {

struct Facts;     // facts.h
struct Workload;  // facts.h

// An empty JSON object: what NetFacts' lists point to until a result is seen.
const Json& NoResult();

// A JSON tool result as read at a step. It points into the transcript it was
// read from, which outlives it: facts are read afresh for every decision.
struct JsonRead {
  const Json* at = &NoResult();
  int step = 0;  // 0 = not read
  bool seen() const { return step > 0; }
  const Json& value() const { return *at; }
};

// The lists point into the transcript the facts were read from, which
// outlives the facts (they are read afresh for every decision).
struct NetFacts {
  const Json* services = &NoResult();   // ServiceList of the workload's namespace
  int services_step = 0;
  const Json* endpoints = &NoResult();  // EndpointsList of the namespace
  int endpoints_step = 0;
  const Json* pod_list = &NoResult();   // the workload's PodList as listed (labels, ports)
  int pod_list_step = 0;
  std::optional<double> error_ratio;  // 5xx share of the workload's requests now
  int error_ratio_step = 0;
};

// The 5xx share of a service's requests over `window`, `offset` ago ("" =
// now): sum(rate(http_requests_total{service=S,code=~"5.."}[W])) / sum(rate(...[W])).
std::string ErrorRatioQuery(const std::string& service, const std::string& window = "5m",
                            const std::string& offset = "");

// Reads NetFacts from the scoped steps (later results win).
void ExtractNetFacts(const std::vector<const Step*>& scope, const std::string& workload, NetFacts* out);

// Whether every listed pod is Running and Ready without restarts: the
// failure, if any, is not in the pods, so look at what routes to them.
bool PodsLookHealthy(const Facts& f);

// Appends the Service-side investigation (services, endpoints, error rate)
// when the pods look healthy.
void AddNetInvestigation(const Facts& f, std::vector<ToolCall>* plan);

// The verification of the iteration's assessment when its category is one
// this file verifies (service-selector, service-port): the next call to
// make, or the verdict. nullopt for other categories.
// `scope` holds the verify-phase steps after `fix`.
std::optional<AgentAction> NetVerifyStep(const Transcript& t, int iteration,
                                         const std::vector<const Step*>& scope, const Facts& now,
                                         const Step& fix);

}  // namespace kf::agent

namespace kf::agent {

// One Service of the namespace with its Endpoints as read.
struct ServiceView {
  std::string name;
  Json selector = Json::object();  // spec.selector
  Json ports = Json::array();      // spec.ports
  int ready = 0;                   // addresses
  int not_ready = 0;               // notReadyAddresses
  std::vector<int64_t> endpoint_ports;
  bool has_endpoints = false;      // an Endpoints object was listed
};

std::vector<ServiceView> ReadServices(const NetFacts& n);
// Whether every key of a Service selector is a label with that value.
bool SelectorMatches(const Json& selector, const Json& labels);
// The labels of the listed pods, one per pod.
std::vector<Json> PodLabels(const NetFacts& n);
// containerPorts declared by the listed pods' containers (sorted, unique).
std::vector<int64_t> ContainerPorts(const NetFacts& n);

}  // namespace kf::agent
