// The tool names and argument spellings the engine and the builtin agent use,
// in one place (the schemas live in engine/tools).
#pragma once

#include <string>

#include "engine/agent/transcript.h"

namespace kf::agent::calls {

inline constexpr char kListPods[] = "kubernetes.list_pods";
inline constexpr char kGetResource[] = "kubernetes.get_resource";
inline constexpr char kGetEvents[] = "kubernetes.get_events";
inline constexpr char kGetPodLogs[] = "kubernetes.get_pod_logs";
inline constexpr char kTopPods[] = "kubernetes.top_pods";
inline constexpr char kRolloutHistory[] = "kubernetes.get_rollout_history";
inline constexpr char kRolloutStatus[] = "kubernetes.rollout_status";
inline constexpr char kRolloutUndo[] = "kubernetes.rollout_undo";
inline constexpr char kPatchResource[] = "kubernetes.patch_resource";
inline constexpr char kPromQuery[] = "prometheus.query";

// `kubectl get <kind> [-n ns]` through get_resource (ns "" = all namespaces).
ToolCall ListResources(const std::string& kind, const std::string& ns);
ToolCall ListPods(const std::string& ns, const std::string& selector);
// `kubectl get <kind> <name> -n ns [-o jsonpath=...]`; structured is the object.
ToolCall GetResource(const std::string& kind, const std::string& ns, const std::string& name,
                     const std::string& jsonpath = "");
// Events in ns, optionally about one object and/or with one reason.
ToolCall GetEvents(const std::string& ns, const std::string& object_name,
                   const std::string& reason = "");
ToolCall GetPodLogs(const std::string& ns, const std::string& pod, bool previous, int tail);
ToolCall TopPods(const std::string& ns, const std::string& selector);
ToolCall RolloutHistory(const std::string& kind, const std::string& ns, const std::string& name);
ToolCall RolloutStatus(const std::string& kind, const std::string& ns, const std::string& name);
ToolCall RolloutUndo(const std::string& kind, const std::string& ns, const std::string& name,
                     int to_revision);
ToolCall PatchResource(const std::string& kind, const std::string& ns, const std::string& name,
                       const Json& patch);
ToolCall PromQuery(const std::string& promql);

// Kinds whose rollout rollout_status can wait for (deployments).
bool IsRolloutKind(const std::string& kind);

}  // namespace kf::agent::calls
