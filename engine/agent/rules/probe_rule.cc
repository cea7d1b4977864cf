// Failing readiness or liveness probes. When a probe's port is not a port
// the container declares, the remedy is to point the probe at the declared
// port; otherwise roll back to the previous revision.
#include "engine/agent/rules/common.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

bool IsProbeEvent(const Json& e) {
  std::string msg = JsonString(e, "message");
  return JsonString(e, "reason") == "Unhealthy" || msg.find("probe failed") != std::string::npos;
}

// The first probe ("readinessProbe", "livenessProbe", "startupProbe") whose
// httpGet/tcpSocket port is a number the container does not declare.
bool MisportedProbe(const Json& c, std::string* probe, int64_t* bad, int64_t* good) {
  const Json* ports = JsonAtPath(c, "ports");
  if (!ports || !ports->is_array() || ports->empty()) return false;
  for (const char* name : {"readinessProbe", "livenessProbe", "startupProbe"}) {
    for (const char* handler : {"httpGet", "tcpSocket"}) {
      const Json* port = JsonAtPath(c, std::string(name) + "." + handler + ".port");
      if (!port || !port->is_number_integer()) continue;
      bool declared = false;
      for (const Json& p : *ports) declared = declared || JsonInt(p, "containerPort") == port->get<int64_t>();
      if (!declared) {
        *probe = std::string(name) + "." + handler;
        *bad = port->get<int64_t>();
        *good = JsonInt((*ports)[0], "containerPort");
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::optional<Finding> ProbeRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  int event_step = 0;
  const Json* event = FindEvent(f, IsProbeEvent, &event_step);
  if (!event) return std::nullopt;

  Finding out;
  int not_ready = 0;
  for (const PodFact& p : f.pods.value) not_ready += p.ready ? 0 : 1;
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(not_ready, total, "not Ready")});
  out.evidence.push_back({event_step, EventLine(*event)});
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category =
      JsonString(*event, "message").rfind("Liveness", 0) == 0 ? "liveness-probe" : "readiness-probe";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.impact = PodsPhrase(not_ready, total, "out of service (not Ready)") + ".";

  std::string probe;
  int64_t bad = 0, good = 0;
  int index = 0;
  const Json* c = f.deployment.seen() ? FindContainer(f.deployment.value(), "", &index) : nullptr;
  if (c && MisportedProbe(*c, &probe, &bad, &good)) {
    out.evidence.push_back({f.deployment.step, StrFormat("%s.port is %lld, but the container listens on %lld",
                                                         probe.c_str(), static_cast<long long>(bad),
                                                         static_cast<long long>(good))});
    out.root_cause.summary = StrFormat("The %s of deployment %s checks port %lld, which the container does not "
                                       "listen on (it declares %lld): %s.",
                                       probe.c_str(), f.workload->name.c_str(), static_cast<long long>(bad),
                                       static_cast<long long>(good), JsonString(*event, "message").c_str());
    Json fields = Json::object();
    size_t dot = probe.find('.');
    fields[probe.substr(0, dot)][probe.substr(dot + 1)]["port"] = good;
    Option fix;
    fix.title = StrFormat("Point the %s at port %lld", probe.c_str(), static_cast<long long>(good));
    fix.call = calls::PatchResource("deployment", f.workload->ns, f.workload->name,
                                    ContainerPatch(JsonString(*c, "name"), fields));
    fix.rationale = "The probe then checks the port the application serves.";
    out.options.push_back(fix);
  } else {
    out.root_cause.summary = "Pods of deployment " + f.workload->name + " fail their health probes: " +
                             JsonString(*event, "message") + ".";
  }
  if (auto rb = RollbackOption(f, "Restores the previous pod template, probes included.")) {
    out.options.push_back(*rb);
  }
  out.follow_up = "Add a check for probe ports and paths to the deployment's review.";
  return out;
}

}  // namespace kf::agent::rules
