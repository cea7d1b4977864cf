#include "engine/agent/tool_calls.h"

#include "engine/core/strings.h"

namespace kf::agent::calls {

ToolCall ListResources(const std::string& kind, const std::string& ns) {
  Json args{{"kind", kind}};
  if (!ns.empty()) args["namespace"] = ns;
  return {kGetResource, args};
}

ToolCall ListPods(const std::string& ns, const std::string& selector) {
  return {kListPods, Json{{"namespace", ns}, {"label_selector", selector}}};
}

ToolCall GetResource(const std::string& kind, const std::string& ns, const std::string& name,
                     const std::string& jsonpath) {
  Json args{{"kind", kind}, {"namespace", ns}, {"name", name}};
  if (!jsonpath.empty()) args["jsonpath"] = jsonpath;
  return {kGetResource, args};
}

ToolCall GetEvents(const std::string& ns, const std::string& object_name,
                   const std::string& reason) {
  Json args{{"namespace", ns}};
  if (!object_name.empty()) args["involved_object_name"] = object_name;
  if (!reason.empty()) args["reason"] = reason;
  return {kGetEvents, args};
}

ToolCall GetPodLogs(const std::string& ns, const std::string& pod, bool previous, int tail) {
  return {kGetPodLogs, Json{{"namespace", ns}, {"pod", pod}, {"previous", previous}, {"tail_lines", tail}}};
}

ToolCall TopPods(const std::string& ns, const std::string& selector) {
  return {kTopPods, Json{{"namespace", ns}, {"label_selector", selector}}};
}

ToolCall RolloutHistory(const std::string& kind, const std::string& ns, const std::string& name) {
  return {kRolloutHistory, Json{{"kind", kind}, {"namespace", ns}, {"name", name}}};
}

ToolCall RolloutStatus(const std::string& kind, const std::string& ns, const std::string& name) {
  (void)kind;  // rollout_status serves deployments only
  return {kRolloutStatus, Json{{"namespace", ns}, {"name", name}}};
}

ToolCall RolloutUndo(const std::string& kind, const std::string& ns, const std::string& name,
                     int to_revision) {
  (void)kind;  // rollout_undo serves deployments only
  return {kRolloutUndo, Json{{"namespace", ns},
                             {"name", name},
                             {"to_revision", to_revision}}};
}

ToolCall PatchResource(const std::string& kind, const std::string& ns, const std::string& name,
                       const Json& patch) {
  return {kPatchResource,
          Json{{"kind", kind}, {"namespace", ns}, {"name", name}, {"patch", patch}}};
}

ToolCall PromQuery(const std::string& promql) { return {kPromQuery, Json{{"query", promql}}}; }

bool IsRolloutKind(const std::string& kind) {
  std::string k = ToLower(kind);
  return k == "deployment" || k == "deployments" || k == "deploy";
}

}  // namespace kf::agent::calls
