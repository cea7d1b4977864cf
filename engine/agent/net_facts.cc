#include "engine/agent/net_facts.h"

#include <algorithm>
#include <cstdlib>

#include "engine/agent/facts.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

std::string ArgOf(const ToolCall& c, const char* key) { return JsonString(c.args, key); }

bool IsListOf(const ToolCall& c, std::initializer_list<const char*> kinds) {
  if (c.name != calls::kGetResource || !ArgOf(c, "name").empty()) return false;
  const std::string k = ToLower(ArgOf(c, "kind"));
  for (const char* want : kinds) {
    if (k == want) return true;
  }
  return false;
}

const Json& Items(const Json& list) {
  static const Json kEmpty = Json::array();
  const Json* items = JsonAtPath(list, "items");
  return items && items->is_array() ? *items : kEmpty;
}

std::string StrAt(const Json& j, const char* path) {
  const Json* v = JsonAtPath(j, path);
  return v && v->is_string() ? v->get<std::string>() : "";
}

}  // namespace

std::string ErrorRatioQuery(const std::string& service, const std::string& window, const std::string& offset) {
  const std::string tail = "[" + window + "]" + (offset.empty() ? "" : " offset " + offset);
  return "sum(rate(http_requests_total{service=\"" + service + "\",code=~\"5..\"}" + tail +
         ")) / sum(rate(http_requests_total{service=\"" + service + "\"}" + tail + "))";
}

const Json& NoResult() {
  static const Json empty = Json::object();
  return empty;
}

void ExtractNetFacts(const std::vector<const Step*>& scope, const std::string& workload, NetFacts* out) {
  for (const Step* s : scope) {
    if (s->kind != Step::Kind::kToolCall || s->result.is_error) continue;
    const Json& r = s->result.structured;
    if (IsListOf(s->call, {"service", "services", "svc"})) {
      out->services = &r;
      out->services_step = s->number;
    } else if (IsListOf(s->call, {"endpoints", "ep"})) {
      out->endpoints = &r;
      out->endpoints_step = s->number;
    } else if (s->call.name == calls::kListPods) {
      out->pod_list = &r;
      out->pod_list_step = s->number;
    } else if (s->call.name == calls::kPromQuery && ArgOf(s->call, "query") == ErrorRatioQuery(workload, "2m")) {
      out->error_ratio = MaxSample(r);
      out->error_ratio_step = s->number;
    }
  }
}

bool PodsLookHealthy(const Facts& f) {
  if (!f.pods.seen() || f.pods.value.empty()) return false;
  for (const PodFact& p : f.pods.value) {
    if (!p.ready || p.status != "Running" || p.restarts > 0) return false;
  }
  return true;
}

void AddNetInvestigation(const Facts& f, std::vector<ToolCall>* plan) {
  if (!PodsLookHealthy(f)) return;
  const Workload& w = *f.workload;
  plan->push_back(calls::ListResources("service", w.ns));
  plan->push_back(calls::ListResources("endpoints", w.ns));
  if (!f.metrics_unavailable) plan->push_back(calls::PromQuery(ErrorRatioQuery(w.name, "2m")));
}

bool SelectorMatches(const Json& selector, const Json& labels) {
  if (!selector.is_object() || selector.empty() || !labels.is_object()) return false;
  for (const auto& [k, v] : selector.items()) {
    auto it = labels.find(k);
    if (it == labels.end() || *it != v) return false;
  }
  return true;
}

std::vector<Json> PodLabels(const NetFacts& n) {
  std::vector<Json> out;
  for (const Json& p : Items(*n.pod_list)) {
    const Json* l = JsonAtPath(p, "metadata.labels");
    out.push_back(l && l->is_object() ? *l : Json::object());
  }
  return out;
}

std::vector<int64_t> ContainerPorts(const NetFacts& n) {
  std::vector<int64_t> out;
  for (const Json& p : Items(*n.pod_list)) {
    const Json* cs = JsonAtPath(p, "spec.containers");
    if (!cs || !cs->is_array()) continue;
    for (const Json& c : *cs) {
      const Json* ports = JsonAtPath(c, "ports");
      if (!ports || !ports->is_array()) continue;
      for (const Json& port : *ports) {
        if (port.contains("containerPort") && port["containerPort"].is_number_integer()) {
          out.push_back(port["containerPort"].get<int64_t>());
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<ServiceView> ReadServices(const NetFacts& n) {
  std::vector<ServiceView> out;
  for (const Json& svc : Items(*n.services)) {
    ServiceView v;
    v.name = StrAt(svc, "metadata.name");
    if (const Json* sel = JsonAtPath(svc, "spec.selector"); sel && sel->is_object()) v.selector = *sel;
    if (const Json* ports = JsonAtPath(svc, "spec.ports"); ports && ports->is_array()) v.ports = *ports;
    for (const Json& ep : Items(*n.endpoints)) {
      if (StrAt(ep, "metadata.name") != v.name) continue;
      v.has_endpoints = true;
      const Json* subsets = JsonAtPath(ep, "subsets");
      if (!subsets || !subsets->is_array()) continue;
      for (const Json& subset : *subsets) {
        if (const Json* a = JsonAtPath(subset, "addresses"); a && a->is_array()) v.ready += static_cast<int>(a->size());
        if (const Json* a = JsonAtPath(subset, "notReadyAddresses"); a && a->is_array()) {
          v.not_ready += static_cast<int>(a->size());
        }
        if (const Json* ports = JsonAtPath(subset, "ports"); ports && ports->is_array()) {
          for (const Json& p : *ports) {
            if (p.contains("port") && p["port"].is_number_integer()) v.endpoint_ports.push_back(p["port"].get<int64_t>());
          }
        }
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace kf::agent
