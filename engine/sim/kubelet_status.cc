// BuildPodStatus: the status a kubelet reports for a pod.
#include "engine/core/json.h"
#include "engine/sim/kubelet.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;

Json Terminated(const InstanceRecord& r) {
  return {{"terminated",
           {{"exitCode", r.exit_code},
            {"reason", r.reason},
            {"startedAt", FormatRfc3339(r.started_at)},
            {"finishedAt", FormatRfc3339(r.finished_at)},
            {"containerID", r.container_id}}}};
}

Json ContainerStatus(const ContainerRuntime& c) {
  const bool has_instance = c.current.index >= 0;
  const std::string repo = c.image.substr(0, c.image.rfind(':'));
  Json s = {{"name", c.name},
            {"image", c.image},
            {"imageID", has_instance ? repo + "@sha256:" + Sha256Hex(c.image) : ""},
            {"ready", c.ready},
            {"restartCount", c.restart_count},
            {"started", c.state == State::kRunning},
            {"lastState", Json::object()}};
  if (has_instance) s["containerID"] = c.current.container_id;
  switch (c.state) {
    case State::kRunning:
      s["state"] = {{"running", {{"startedAt", FormatRfc3339(c.current.started_at)}}}};
      if (c.last.index >= 0) s["lastState"] = Terminated(c.last);
      break;
    case State::kBackOff:
      s["state"] = {{"waiting", {{"reason", c.waiting_reason}, {"message", c.waiting_message}}}};
      s["lastState"] = Terminated(c.current);
      break;
    case State::kTerminated:
    case State::kStopped:
      s["state"] = has_instance ? Terminated(c.current) : Json{{"waiting", {{"reason", "ContainerCreating"}}}};
      if (c.last.index >= 0) s["lastState"] = Terminated(c.last);
      break;
    default: {
      Json waiting = {{"reason", c.waiting_reason.empty() ? "ContainerCreating" : c.waiting_reason}};
      if (!c.waiting_message.empty()) waiting["message"] = c.waiting_message;
      s["state"] = {{"waiting", waiting}};
      if (c.last.index >= 0) s["lastState"] = Terminated(c.last);
      break;
    }
  }
  return s;
}

std::string Phase(const PodRuntime& p) {
  if (!p.evicted_message.empty()) return "Failed";
  bool any_started = false, all_terminated = !p.containers.empty(), all_zero = true;
  for (const ContainerRuntime& c : p.containers) {
    any_started = any_started || c.current.index >= 0;
    if (c.state != State::kTerminated) all_terminated = false;
    if (c.current.exit_code != 0) all_zero = false;
  }
  if (p.restart_policy != "Always" && all_terminated) return all_zero ? "Succeeded" : "Failed";
  return any_started ? "Running" : "Pending";
}

// A condition, keeping the old transition time when the status is unchanged
// (now_text: the current time, RFC 3339).
Json Condition(const Json& old_status, const std::string& type, bool ok, const std::string& now_text,
               const std::string& reason = "", const std::string& message = "") {
  std::string since = now_text;
  const Json* olds = JsonAtPath(old_status, "conditions");
  if (olds != nullptr && olds->is_array()) {
    for (const Json& c : *olds) {
      if (JsonString(c, "type") == type && JsonString(c, "status") == (ok ? "True" : "False")) {
        since = JsonString(c, "lastTransitionTime", since);
      }
    }
  }
  Json c = {{"type", type}, {"status", ok ? "True" : "False"}, {"lastProbeTime", nullptr},
            {"lastTransitionTime", since}};
  if (!reason.empty()) c["reason"] = reason;
  if (!message.empty()) c["message"] = message;
  return c;
}

}  // namespace

Json BuildPodStatus(const PodRuntime& p, const Json& old_status, UnixMillis now) {
  Json st = Json::object();
  st["phase"] = Phase(p);
  std::string unready;
  Json statuses = Json::array();
  for (const ContainerRuntime& c : p.containers) {
    statuses.push_back(ContainerStatus(c));
    if (!c.ready) unready += (unready.empty() ? "" : " ") + c.name;
  }
  const bool ready = unready.empty() && !p.containers.empty();
  std::string incomplete;
  Json init_statuses = Json::array();
  for (const ContainerRuntime& c : p.inits) {
    init_statuses.push_back(ContainerStatus(c));
    if (c.state != State::kTerminated) incomplete += (incomplete.empty() ? "" : " ") + c.name;
  }
  const bool evicted = !p.evicted_message.empty();
  const std::string why = ready ? "" : evicted ? "PodFailed" : "ContainersNotReady";
  const std::string msg = ready || evicted ? "" : "containers with unready status: [" + unready + "]";
  const std::string now_text = FormatRfc3339(now);
  Json conds = Json::array();
  if (evicted) {
    conds.push_back(Condition(old_status, "DisruptionTarget", true, now_text, "TerminationByKubelet", p.evicted_message));
  }
  conds.push_back(Condition(old_status, "PodReadyToStartContainers", !evicted, now_text));
  if (incomplete.empty()) {
    conds.push_back(Condition(old_status, "Initialized", true, now_text));
  } else {
    conds.push_back(Condition(old_status, "Initialized", false, now_text, "ContainersNotInitialized",
                              "containers with incomplete status: [" + incomplete + "]"));
  }
  conds.push_back(Condition(old_status, "Ready", ready, now_text, why, msg));
  conds.push_back(Condition(old_status, "ContainersReady", ready, now_text, why, msg));
  conds.push_back(Condition(old_status, "PodScheduled", true, now_text));
  st["conditions"] = std::move(conds);
  st["hostIP"] = p.host_ip;
  st["hostIPs"] = Json::array({{{"ip", p.host_ip}}});
  st["podIP"] = p.pod_ip;
  st["podIPs"] = Json::array({{{"ip", p.pod_ip}}});
  st["startTime"] = FormatRfc3339(p.admitted_at);
  if (!p.inits.empty()) st["initContainerStatuses"] = std::move(init_statuses);
  st["containerStatuses"] = std::move(statuses);
  if (old_status.contains("qosClass")) st["qosClass"] = old_status["qosClass"];
  if (evicted) {
    st["reason"] = "Evicted";
    st["message"] = p.evicted_message;
  }
  return st;
}

}  // namespace kf::sim
