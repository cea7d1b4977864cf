// printPod's rules, in kubectl's order:
//   1. reason = status.reason, else phase; SchedulingGated from conditions.
//   2. Init containers, in order: a failed one gives "Init:<reason>" (or
//      "Init:Signal:N"/"Init:ExitCode:N"), a waiting one "Init:<reason>",
//      a pending one "Init:i/N"; completed ones and started sidecars pass.
//   3. Unless initializing, regular containers from last to first: waiting
//      reason, else terminated reason, else "Signal:N"/"ExitCode:N"; ready
//      running containers count towards READY. "Completed" with a container
//      still running becomes "Running" (Ready condition true) or "NotReady".
//   4. deletionTimestamp: "Unknown" for NodeLost pods, else "Terminating"
//      unless the phase is terminal.
//   5. RESTARTS: sum of restartCount, with "(AGE ago)" from the latest
//      lastState.terminated.finishedAt.
#include "engine/tools/render/pod_status.h"

#include <map>

#include "engine/core/duration.h"
#include "engine/core/strings.h"
#include "engine/tools/render/render_util.h"

namespace kf::render {

namespace {

bool IsSidecar(const Json& container) {
  return Str(Field(container, "restartPolicy")) == "Always";
}

bool HasCondition(const Json& pod, const char* type, const char* status) {
  const Json& conds = At(pod, {"status", "conditions"});
  if (!conds.is_array()) return false;
  for (const Json& c : conds)
    if (Str(Field(c, "type")) == type && Str(Field(c, "status")) == status) return true;
  return false;
}

std::string TerminatedReason(const Json& term, const std::string& prefix) {
  std::string reason = Str(Field(term, "reason"));
  if (!reason.empty()) return prefix + reason;
  int64_t signal = Int(Field(term, "signal"));
  if (signal != 0) return prefix + "Signal:" + std::to_string(signal);
  return prefix + "ExitCode:" + std::to_string(Int(Field(term, "exitCode")));
}

// Keeps the latest lastState.terminated.finishedAt in *latest.
void NoteLastTermination(const Json& status, UnixMillis* latest) {
  UnixMillis t = Time(At(status, {"lastState", "terminated", "finishedAt"}));
  if (t > *latest) *latest = t;
}

}  // namespace

PodRow ComputePodRow(const Json& pod, UnixMillis now) {
  const Json& spec = Field(pod, "spec");
  const Json& status = Field(pod, "status");
  PodRow row;
  row.name = Str(At(pod, {"metadata", "name"}));

  std::string phase = Str(Field(status, "phase"));
  std::string reason = phase;
  if (!Str(Field(status, "reason")).empty()) reason = Str(Field(status, "reason"));
  const Json& conds = Field(status, "conditions");
  if (conds.is_array())
    for (const Json& c : conds)
      if (Str(Field(c, "type")) == "PodScheduled" && Str(Field(c, "reason")) == "SchedulingGated")
        reason = "SchedulingGated";

  const Json& containers = Field(spec, "containers");
  const Json& init_containers = Field(spec, "initContainers");
  int total = containers.is_array() ? static_cast<int>(containers.size()) : 0;
  int init_total = init_containers.is_array() ? static_cast<int>(init_containers.size()) : 0;
  std::map<std::string, bool> sidecar;
  for (int i = 0; i < init_total; ++i) {
    bool s = IsSidecar(init_containers[i]);
    sidecar[Str(Field(init_containers[i], "name"))] = s;
    if (s) ++total;
  }

  int ready = 0;
  int64_t restarts = 0, sidecar_restarts = 0;
  UnixMillis last_restart = 0, sidecar_last_restart = 0;

  bool initializing = false;
  const Json& init_statuses = Field(status, "initContainerStatuses");
  if (init_statuses.is_array()) {
    for (size_t i = 0; i < init_statuses.size(); ++i) {
      const Json& cs = init_statuses[i];
      restarts += Int(Field(cs, "restartCount"));
      NoteLastTermination(cs, &last_restart);
      bool is_sidecar = sidecar[Str(Field(cs, "name"))];
      if (is_sidecar) {
        sidecar_restarts += Int(Field(cs, "restartCount"));
        NoteLastTermination(cs, &sidecar_last_restart);
      }
      const Json& term = At(cs, {"state", "terminated"});
      const Json& waiting = At(cs, {"state", "waiting"});
      if (term.is_object() && Int(Field(term, "exitCode")) == 0) continue;
      if (is_sidecar && Bool(Field(cs, "started"))) {
        if (Bool(Field(cs, "ready"))) ++ready;
        continue;
      }
      if (term.is_object()) {
        reason = TerminatedReason(term, "Init:");
      } else if (waiting.is_object() && !Str(Field(waiting, "reason")).empty() &&
                 Str(Field(waiting, "reason")) != "PodInitializing") {
        reason = "Init:" + Str(Field(waiting, "reason"));
      } else {
        reason = "Init:" + std::to_string(i) + "/" + std::to_string(init_total);
      }
      initializing = true;
      break;
    }
  }

  if (!initializing || HasCondition(pod, "Initialized", "True")) {
    restarts = sidecar_restarts;
    last_restart = sidecar_last_restart;
    bool has_running = false;
    const Json& statuses = Field(status, "containerStatuses");
    if (statuses.is_array()) {
      for (size_t k = statuses.size(); k-- > 0;) {
        const Json& cs = statuses[k];
        restarts += Int(Field(cs, "restartCount"));
        NoteLastTermination(cs, &last_restart);
        const Json& waiting = At(cs, {"state", "waiting"});
        const Json& term = At(cs, {"state", "terminated"});
        if (waiting.is_object() && !Str(Field(waiting, "reason")).empty()) {
          reason = Str(Field(waiting, "reason"));
        } else if (term.is_object()) {
          reason = TerminatedReason(term, "");
        } else if (Bool(Field(cs, "ready")) && At(cs, {"state", "running"}).is_object()) {
          has_running = true;
          ++ready;
        }
      }
    }
    if (reason == "Completed" && has_running)
      reason = HasCondition(pod, "Ready", "True") ? "Running" : "NotReady";
  }

  if (!At(pod, {"metadata", "deletionTimestamp"}).is_null()) {
    if (Str(Field(status, "reason")) == "NodeLost") {
      reason = "Unknown";
    } else if (phase != "Succeeded" && phase != "Failed") {
      reason = "Terminating";
    }
  }

  row.ready = std::to_string(ready) + "/" + std::to_string(total);
  row.status = reason;
  row.restarts = std::to_string(restarts);
  if (restarts != 0 && last_restart != 0)
    row.restarts += " (" + FormatAge(last_restart, now) + " ago)";
  row.age = Since(At(pod, {"metadata", "creationTimestamp"}), now);

  const Json& ips = Field(status, "podIPs");
  std::string ip;
  if (ips.is_array() && !ips.empty()) ip = Str(Field(ips[0], "ip"));
  if (ip.empty()) ip = Str(Field(status, "podIP"));
  row.ip = OrNone(ip);
  row.node = OrNone(Str(Field(spec, "nodeName")));
  row.nominated_node = OrNone(Str(Field(status, "nominatedNodeName")));
  const Json& gates = Field(spec, "readinessGates");
  if (gates.is_array() && !gates.empty()) {
    int true_gates = 0;
    for (const Json& g : gates)
      if (HasCondition(pod, Str(Field(g, "conditionType")).c_str(), "True")) ++true_gates;
    row.readiness_gates = std::to_string(true_gates) + "/" + std::to_string(gates.size());
  } else {
    row.readiness_gates = "<none>";
  }
  return row;
}

}  // namespace kf::render
