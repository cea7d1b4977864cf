// A node gone NotReady with the workload's pods stuck on it: pods with a
// deletionTimestamp (kubectl STATUS Terminating) on a node whose Ready
// condition is not True (Unknown: "Kubelet stopped posting node status.",
// taint node.kubernetes.io/unreachable). The taint manager deleted them
// after their 300s toleration, but no kubelet confirms it, so they stay;
// the ReplicaSet's replacements must run elsewhere. When the replacements
// are Pending for lack of room (FailedScheduling "Insufficient memory/cpu")
// the remedy is to free room on the nodes that still run: scale to 0 the
// Deployment that holds the most requested memory there and that no Service
// selects (a batch or report job, not a service), until the node is
// replaced. The node itself cannot be reached, so nothing is done to it.
#include "engine/agent/not_ready_evidence.h"
#include "engine/agent/rules/common.h"
#include "engine/agent/tool_calls.h"
#include "engine/core/quantity.h"
#include "engine/core/strings.h"

namespace kf::agent::rules {

namespace {

std::string StrOf(const Json& j, const char* path) {
  const Json* v = JsonAtPath(j, path);
  return v && v->is_string() ? v->get<std::string>() : "";
}

// "conditions Unknown (NodeStatusUnknown: Kubelet stopped posting node status.)"
std::string ReadyLine(const Json& node) {
  if (const Json* cs = JsonAtPath(node, "status.conditions"); cs && cs->is_array()) {
    for (const Json& c : *cs) {
      if (JsonString(c, "type") != "Ready") continue;
      std::string line = "Ready " + JsonString(c, "status");
      if (!JsonString(c, "reason").empty()) line += " (" + JsonString(c, "reason") + ": " + JsonString(c, "message") + ")";
      if (!JsonString(c, "lastHeartbeatTime").empty()) line += ", last heartbeat " + JsonString(c, "lastHeartbeatTime");
      return line;
    }
  }
  return "Ready unknown";
}

std::string TaintsLine(const Json& node) {
  std::vector<std::string> out;
  if (const Json* ts = JsonAtPath(node, "spec.taints"); ts && ts->is_array()) {
    for (const Json& t : *ts) out.push_back(JsonString(t, "key") + ":" + JsonString(t, "effect"));
  }
  return out.empty() ? "no taints" : "taints " + Join(out, ", ");
}

}  // namespace

std::optional<Finding> NodeNotReadyRule(const Facts& f) {
  if (!f.workload || !f.pods.seen()) return std::nullopt;
  const std::string node = TerminatingPodsNode(f);
  if (node.empty() || !f.node.node.seen() || StrOf(f.node.node.value(), "metadata.name") != node) return std::nullopt;
  const std::string ready = JsonReadyStatus(f);
  if (ready == "True" || ready.empty()) return std::nullopt;
  const Workload& w = *f.workload;
  const int stuck = TerminatingPods(f);
  const int pending = CountStatus(f, {"Pending"});
  const int total = static_cast<int>(f.pods.value.size());

  Finding out;
  out.evidence.push_back({f.pods.step, PodsPhrase(stuck, total, "Terminating") + " on node/" + node +
                                           (pending > 0 ? "; " + PodsPhrase(pending, total, "Pending") : std::string())});
  out.evidence.push_back({f.node.node.step, "node/" + node + ": " + ReadyLine(f.node.node.value()) + "; " + TaintsLine(f.node.node.value())});
  int step = 0;
  if (f.node.events.seen()) {
    if (const Json* items = JsonAtPath(f.node.events.value(), "items"); items && items->is_array()) {
      for (const Json& e : *items) {
        if (JsonString(e, "reason") == "NodeNotReady") out.evidence.push_back({f.node.events.step, EventLine(e)});
      }
    }
  }
  if (const Json* e = FindEvent(f, [](const Json& ev) { return JsonString(ev, "reason") == "TaintManagerEviction"; }, &step)) {
    out.evidence.push_back({step, EventLine(*e)});
  }
  const Json* sched = FindEvent(
      f, [](const Json& ev) { return JsonString(ev, "reason") == "FailedScheduling"; }, &step);
  if (sched != nullptr) out.evidence.push_back({step, EventLine(*sched)});
  const std::string sched_msg = sched ? JsonString(*sched, "message") : "";
  const bool no_room = pending > 0 && sched_msg.find("Insufficient") != std::string::npos;
  std::optional<CapacityHolder> holder = no_room ? NonServingCapacityHolder(f, node) : std::nullopt;
  if (holder) {
    const auto pods_list = f.lists.find("pod");
    out.evidence.push_back({pods_list != f.lists.end() ? pods_list->second.step : 0,
                            StrFormat("deployment/%s (namespace %s): %d pod%s requesting %s of memory on the remaining nodes; "
                                      "no Service selects them",
                                      holder->deployment.c_str(), holder->ns.c_str(), holder->pods, holder->pods == 1 ? "" : "s",
                                      FormatMemory(holder->memory).c_str())});
  }
  AddLatencyEvidence(f, &out.evidence);
  out.root_cause.category = "node-not-ready";
  out.root_cause.resource = "node/" + node;
  out.root_cause.summary = "Node " + node + " is NotReady (its kubelet stopped posting status): its " + w.name +
                           " pods were taken out of the Service and, after their 300s toleration of the unreachable taint, "
                           "marked for deletion; with no kubelet to confirm they stay Terminating." +
                           (no_room ? " Their replacements are Pending: the remaining nodes have no room (" +
                                          (holder ? "deployment " + holder->deployment + ", which serves no traffic, holds " +
                                                        FormatMemory(holder->memory) + " of memory requests there"
                                                  : std::string("Insufficient resources")) + ")."
                                    : std::string(""));
  out.impact = StrFormat("%s runs on %d of %d pods", w.name.c_str(), total - stuck - pending, total - stuck) +
               (LatencyPhrase(f).empty() ? std::string("") : "; " + LatencyPhrase(f)) + ".";
  if (holder) {
    Option scale;
    scale.title = "Scale deployment " + holder->deployment + " (namespace " + holder->ns + ") to 0 until node " + node +
                  " is replaced";
    scale.call = {"kubernetes.scale", Json{{"kind", "deployment"}, {"namespace", holder->ns}, {"name", holder->deployment},
                                           {"replicas", 0}}};
    scale.rationale = "Frees " + FormatMemory(holder->memory) + " of requested memory on the nodes that still run, so " + w.name +
                      "'s Pending replacements schedule. " + holder->deployment +
                      " is not behind any Service; its work resumes when it is scaled back up. The unreachable node is "
                      "left alone: its taints already keep new pods off it.";
    out.options.push_back(scale);
  }
  out.follow_up = "Repair or replace node " + node + " through the cloud provider (its kubelet stopped posting status). "
                  "Once its VM is confirmed gone, delete the Node or force-delete the pods stuck Terminating on it "
                  "(--grace-period=0 --force); until then they may still be running. Then scale " +
                  (holder ? holder->deployment : std::string("the paused workload")) +
                  " back up, and keep spare capacity for one node's pods (or a cluster autoscaler).";
  return out;
}

}  // namespace kf::agent::rules
