#include "engine/agent/node_facts.h"

#include "engine/agent/tool_calls.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

std::string ArgOf(const ToolCall& c, const char* key) { return JsonString(c.args, key); }

bool KindIs(const ToolCall& c, std::initializer_list<const char*> kinds) {
  const std::string k = ToLower(ArgOf(c, "kind"));
  for (const char* want : kinds) {
    if (k == want) return true;
  }
  return false;
}

}  // namespace

std::string MemoryByPodQuery(const std::string& node) {
  return "sort_desc(sum by (namespace, pod) (container_memory_working_set_bytes{node=\"" + node +
         "\",container!=\"\"}))";
}

void ExtractNodeFacts(const std::vector<const Step*>& scope, const std::string& workload, NodeFacts* out) {
  for (const Step* s : scope) {
    if (s->kind != Step::Kind::kToolCall || s->result.is_error) continue;
    const ToolCall& c = s->call;
    const Json& r = s->result.structured;
    const bool named = !ArgOf(c, "name").empty();
    if (c.name == calls::kGetResource && named && KindIs(c, {"node", "nodes", "no"})) {
      out->node = {&r, s->number};
    } else if (c.name == calls::kGetEvents && ToLower(ArgOf(c, "involved_object_kind")) == "node") {
      out->events = {&r, s->number};
    } else if (c.name == calls::kPromQuery && StartsWith(ArgOf(c, "query"), "sort_desc(sum by (namespace, pod) (container_memory_working_set_bytes{node=")) {
      out->memory_by_pod = {&r, s->number};
    } else if (c.name == calls::kGetResource && named && KindIs(c, {"pod", "pods", "po"})) {
      out->pods = {&r, s->number};
    } else if (c.name == calls::kGetResource && named && KindIs(c, {"replicaset", "replicasets", "rs"})) {
      out->replicaset = {&r, s->number};
    } else if (c.name == calls::kGetResource && named && KindIs(c, {"deployment", "deployments", "deploy"}) &&
               ArgOf(c, "name") != workload) {
      out->deployment = {&r, s->number};
    }
  }
}

}  // namespace kf::agent
