// BuildPodStatus: the status a kubelet reports for a pod.
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/json_builder.h"
#include "engine/sim/kubelet.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;

Json Terminated(const InstanceRecord& r) {
  return JsonObject("terminated", JsonObject("exitCode", r.exit_code, "reason", r.reason, "startedAt",
                                             FormatRfc3339(r.started_at), "finishedAt",
                                             FormatRfc3339(r.finished_at), "containerID", r.container_id));
}

Json Waiting(const std::string& reason) { return JsonObject("waiting", JsonObject("reason", reason)); }

Json ContainerStatus(const ContainerRuntime& c) {
  const bool has_instance = c.current.index >= 0;
  Json state;
  Json last_state = c.last.index >= 0 ? Terminated(c.last) : Json::object();
  switch (c.state) {
    case State::kRunning:
      state = JsonObject("running", JsonObject("startedAt", FormatRfc3339(c.current.started_at)));
      break;
    case State::kBackOff:
      state = JsonObject("waiting", JsonObject("reason", c.waiting_reason, "message", c.waiting_message));
      last_state = Terminated(c.current);
      break;
    case State::kTerminated:
    case State::kStopped:
      state = has_instance ? Terminated(c.current) : Waiting("ContainerCreating");
      break;
    default:
      state = Waiting(c.waiting_reason.empty() ? "ContainerCreating" : c.waiting_reason);
      if (!c.waiting_message.empty()) state["waiting"]["message"] = c.waiting_message;
      break;
  }
  auto build = [&](auto&&... container_id) {
    return JsonObject("name", c.name, "image", c.image, "imageID", has_instance ? c.image_id : "",
                      "ready", c.ready, "restartCount", c.restart_count, "started", c.state == State::kRunning,
                      "lastState", std::move(last_state), "state", std::move(state),
                      std::forward<decltype(container_id)>(container_id)...);
  };
  return has_instance ? build("containerID", c.current.container_id) : build();
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

// The string member `key` of j, or nullptr.
const std::string* StringMember(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

// The previous status's conditions, read once per status: (type, status,
// lastTransitionTime) of each, in order; nullptr where a member is absent
// or not a string.
struct OldCondition {
  const std::string* type;
  const std::string* status;
  const std::string* since;
};
std::vector<OldCondition> OldConditions(const Json* conditions) {
  std::vector<OldCondition> out;
  if (conditions == nullptr || !conditions->is_array()) return out;
  out.reserve(conditions->size());
  for (const Json& c : *conditions) {
    out.push_back(
        {StringMember(c, "type"), StringMember(c, "status"), StringMember(c, "lastTransitionTime")});
  }
  return out;
}

// A condition, keeping the old transition time when the status is unchanged
// (the last old condition of the type and status wins; now_text: the
// current time, RFC 3339).
Json Condition(const std::vector<OldCondition>& olds, const char* type, bool ok, const std::string& now_text,
               const std::string& reason = "", const std::string& message = "") {
  const char* status = ok ? "True" : "False";
  const std::string* since = &now_text;
  for (const OldCondition& c : olds) {
    const bool same = c.type != nullptr && *c.type == type && c.status != nullptr && *c.status == status;
    if (same && c.since != nullptr) since = c.since;
  }
  Json c = JsonObject("type", type, "status", status, "lastProbeTime", nullptr, "lastTransitionTime", *since);
  if (!reason.empty()) c["reason"] = reason;
  if (!message.empty()) c["message"] = message;
  return c;
}

}  // namespace

Json BuildPodStatus(const PodRuntime& p, const Json& old_status, UnixMillis now) {
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
  const std::vector<OldCondition> olds =
      OldConditions(old_status.is_object() ? JsonAtPath(old_status, "conditions") : nullptr);
  Json conds = Json::array();
  conds.get_ref<Json::array_t&>().reserve(6);
  if (evicted) {
    conds.push_back(Condition(olds, "DisruptionTarget", true, now_text, "TerminationByKubelet", p.evicted_message));
  }
  conds.push_back(Condition(olds, "PodReadyToStartContainers", !evicted, now_text));
  if (incomplete.empty()) {
    conds.push_back(Condition(olds, "Initialized", true, now_text));
  } else {
    conds.push_back(Condition(olds, "Initialized", false, now_text, "ContainersNotInitialized",
                              "containers with incomplete status: [" + incomplete + "]"));
  }
  conds.push_back(Condition(olds, "Ready", ready, now_text, why, msg));
  conds.push_back(Condition(olds, "ContainersReady", ready, now_text, why, msg));
  conds.push_back(Condition(olds, "PodScheduled", true, now_text));
  Json st(Json::value_t::object);
  auto& members = st.get_ref<Json::object_t&>();
  members.reserve(12);
  auto add = [&](const char* key, Json value) { members.emplace(key, std::move(value)); };
  add("phase", Phase(p));
  add("conditions", std::move(conds));
  add("hostIP", p.host_ip);
  add("hostIPs", Json::array({JsonObject("ip", p.host_ip)}));
  add("podIP", p.pod_ip);
  add("podIPs", Json::array({JsonObject("ip", p.pod_ip)}));
  add("startTime", FormatRfc3339(p.admitted_at));
  if (!p.inits.empty()) add("initContainerStatuses", std::move(init_statuses));
  add("containerStatuses", std::move(statuses));
  if (auto q = old_status.find("qosClass"); q != old_status.end()) add("qosClass", *q);
  if (evicted) {
    add("reason", "Evicted");
    add("message", p.evicted_message);
  }
  return st;
}

}  // namespace kf::sim
