// kubernetes.get_events: `kubectl get events --field-selector ... --sort-by='.lastTimestamp'`.
#include <memory>
#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/duration.h"
#include "engine/core/strings.h"
#include "engine/tools/builtin_tools.h"
#include "engine/tools/cluster_backend.h"
#include "engine/tools/kind_names.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

// The field selector sent to the API: the named filters first, then the
// caller's own selector.
Result<std::string> BuildFieldSelector(const Json& args) {
  std::vector<std::string> terms;
  std::string name = ArgString(args, "involved_object_name");
  if (!name.empty()) terms.push_back("involvedObject.name=" + name);
  std::string kind = ArgString(args, "involved_object_kind");
  if (!kind.empty()) {
    Result<KindName> k = ResolveKind(kind);
    if (!k.ok()) return k.status();
    terms.push_back("involvedObject.kind=" + k->kind);
  }
  std::string reason = ArgString(args, "reason");
  if (!reason.empty()) terms.push_back("reason=" + reason);
  std::string extra = ArgString(args, "field_selector");
  if (!extra.empty()) terms.push_back(extra);
  return Join(terms, ",");
}

ToolResult GetEvents(const Json& args, const ToolContext& ctx) {
  std::string ns = ArgString(args, "namespace");
  Result<std::string> selector = BuildFieldSelector(args);
  if (!selector.ok()) return ErrorResult("", "error: " + selector.status().message());
  std::string command = "kubectl get events" + ListNamespaceFlag(ns);
  if (!selector->empty()) command += " --field-selector " + ShellQuote(*selector);
  command += " --sort-by='.lastTimestamp'";

  DurationMs since = -1;
  if (std::string s = ArgString(args, "since"); !s.empty()) {
    Result<DurationMs> d = ParseDuration(s);
    if (!d.ok() || *d < 0) {
      return ErrorResult(command, "since: invalid duration \"" + s + "\" (use e.g. \"15m\", \"1h\")");
    }
    since = *d;
  }
  Result<Json> list = ctx.cluster->List("Event", ns, ListOptions{"", *selector});
  if (!list.ok()) return StatusResult(command, list.status());

  UnixMillis now = ctx.cluster->clock().Now();
  Json sorted = *list;
  Json kept = Json::array();
  if (const Json* in = JsonAtPath(*list, "items"); in && in->is_array()) {
    for (const Json& e : *in) {
      if (since < 0 || EventLastSeen(e) >= now - since) kept.push_back(e);
    }
  }
  sorted["items"] = std::move(kept);
  SortEventsByLastSeen(&sorted);

  ToolResult r;
  r.command = command;
  r.text = RenderEventsTable(ListInNamespace(sorted, ns), now);
  r.structured = std::move(sorted);
  return r;
}

}  // namespace

std::unique_ptr<Tool> MakeGetEventsTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.get_events",
      "List Kubernetes events in a namespace, oldest first by last occurrence, as `kubectl get "
      "events --sort-by='.lastTimestamp'` shows them. Filter by the involved object, by reason "
      "(e.g. OOMKilling, BackOff, FailedScheduling), by a raw field selector, or to events seen "
      "within `since` (e.g. \"15m\"). Structured output is the EventList.",
      ObjectSchema(
          {{"namespace", StringProp("Namespace; omit for every namespace (kubectl -A).")},
           {"involved_object_name", StringProp("Name of the object the events are about.")},
           {"involved_object_kind", StringProp("Kind of that object, e.g. \"pod\" or \"Deployment\".")},
           {"reason", StringProp("Event reason, e.g. \"OOMKilling\".")},
           {"field_selector", StringProp("Extra field selector, e.g. \"type=Warning\".")},
           {"since", StringProp("Only events last seen within this duration, e.g. \"15m\".")}},
          {}),
      kReadOnly, GetEvents);
}

}  // namespace kf
