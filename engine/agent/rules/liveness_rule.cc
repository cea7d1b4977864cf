// A liveness probe that kills containers before they finish starting:
// Unhealthy "Liveness probe failed: ..." and Killing "Container x failed
// liveness probe, will be restarted" events with climbing restarts, while
// the probe checks a port the container declares (a wrong port is the
// probe rule's case). The probe allows initialDelaySeconds + periodSeconds
// x failureThreshold before a kill; the remedy gives it the Kubernetes
// defaults' tolerance (periodSeconds 10, failureThreshold 3) after a
// startup allowance of kStartupAllowanceSeconds.
#include "engine/agent/rules/common.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

constexpr int64_t kStartupAllowanceSeconds = 30;

bool IsLivenessKill(const Json& e) {
  const std::string msg = JsonString(e, "message");
  return msg.find("failed liveness probe") != std::string::npos ||
         msg.rfind("Liveness probe failed", 0) == 0;
}

int64_t IntField(const Json& probe, const char* key, int64_t fallback) {
  const Json* v = JsonAtPath(probe, key);
  return v && v->is_number_integer() ? v->get<int64_t>() : fallback;
}

}  // namespace

std::optional<Finding> LivenessProbeRule(const Facts& f) {
  if (!f.workload || !f.pods.seen() || !f.deployment.seen()) return std::nullopt;
  int event_step = 0;
  const Json* event = FindEvent(f, IsLivenessKill, &event_step);
  if (!event) return std::nullopt;
  int index = 0;
  const Json* c = FindContainer(f.deployment.value(), "", &index);
  const Json* probe = c ? JsonAtPath(*c, "livenessProbe") : nullptr;
  if (!probe || !probe->is_object()) return std::nullopt;
  const Json* port = JsonAtPath(*probe, "httpGet.port");
  if (!port) port = JsonAtPath(*probe, "tcpSocket.port");
  if (port && port->is_number_integer()) {
    bool declared = false;
    if (const Json* ports = JsonAtPath(*c, "ports"); ports && ports->is_array()) {
      for (const Json& p : *ports) declared = declared || JsonInt(p, "containerPort") == port->get<int64_t>();
    }
    if (!declared) return std::nullopt;  // a wrong port: the probe rule's remedy
  }
  const int64_t delay = IntField(*probe, "initialDelaySeconds", 0);
  const int64_t period = IntField(*probe, "periodSeconds", 10);
  const int64_t threshold = IntField(*probe, "failureThreshold", 3);
  const int64_t budget = delay + period * threshold;

  Finding out;
  int restarts = 0, crash = 0;
  for (const PodFact& p : f.pods.value) {
    restarts += p.restarts;
    crash += p.status == "CrashLoopBackOff" || !p.ready ? 1 : 0;
  }
  const int total = static_cast<int>(f.pods.value.size());
  out.evidence.push_back({f.pods.step, PodsPhrase(crash, total, "not Ready") + StrFormat(", %d restarts in total", restarts)});
  out.evidence.push_back({event_step, EventLine(*event)});
  out.evidence.push_back({f.deployment.step,
                          StrFormat("livenessProbe: initialDelaySeconds %lld, periodSeconds %lld, failureThreshold %lld: "
                                    "a container is killed if it does not answer within %llds of starting",
                                    static_cast<long long>(delay), static_cast<long long>(period),
                                    static_cast<long long>(threshold), static_cast<long long>(budget))});
  if (f.logs.seen() && !f.logs.value.empty()) {
    std::vector<std::string> lines = Split(Trim(f.logs.value), '\n');
    out.evidence.push_back({f.logs.step, "the killed container's last log line: " + Trim(lines.back())});
  }
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "liveness-probe";
  out.root_cause.resource = "deployment/" + f.workload->name;
  out.root_cause.ns = f.workload->ns;
  out.root_cause.summary = StrFormat("The liveness probe of deployment %s allows only %llds after a start "
                                     "(initialDelaySeconds %lld, periodSeconds %lld, failureThreshold %lld), less "
                                     "than the application needs to start: the kubelet kills healthy containers "
                                     "while they start (%s).",
                                     f.workload->name.c_str(), static_cast<long long>(budget),
                                     static_cast<long long>(delay), static_cast<long long>(period),
                                     static_cast<long long>(threshold), JsonString(*event, "message").c_str());
  out.impact = PodsPhrase(crash, total, "restarting in a loop") + "; the service loses capacity.";
  const int64_t new_delay = std::max(delay, kStartupAllowanceSeconds);
  const int64_t new_period = std::max<int64_t>(period, 10);
  const int64_t new_threshold = std::max<int64_t>(threshold, 3);
  Option fix;
  fix.title = StrFormat("Relax the liveness probe of container %s: initialDelaySeconds %lld, periodSeconds %lld, "
                        "failureThreshold %lld",
                        JsonString(*c, "name").c_str(), static_cast<long long>(new_delay),
                        static_cast<long long>(new_period), static_cast<long long>(new_threshold));
  fix.call = calls::PatchResource(
      "deployment", f.workload->ns, f.workload->name,
      ContainerPatch(JsonString(*c, "name"),
                     Json{{"livenessProbe",
                           {{"initialDelaySeconds", new_delay},
                            {"periodSeconds", new_period},
                            {"failureThreshold", new_threshold}}}}));
  fix.rationale = StrFormat("Gives a starting container %llds before the first kill instead of %llds.",
                            static_cast<long long>(new_delay + new_period * new_threshold),
                            static_cast<long long>(budget));
  out.options.push_back(fix);
  out.follow_up = "Consider a startupProbe for slow starts and keep the liveness probe lenient.";
  return out;
}

}  // namespace kf::agent::rules
