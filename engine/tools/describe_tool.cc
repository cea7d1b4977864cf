// kubernetes.describe: `kubectl describe KIND NAME -n NS`.
#include <memory>
#include <string>
#include <vector>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/kind_names.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/rollout_revisions.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

// The events describe shows for an object: matched on the involved object's
// name, namespace and uid (and kind for non-pods), oldest first.
Result<Json> EventsAbout(ClusterBackend& cluster, const KindName& kind, const Json& object) {
  const Json& meta = Metadata(object);
  std::string ns = JsonString(meta, "namespace");
  std::string selector = "involvedObject.name=" + JsonString(meta, "name");
  if (!ns.empty()) selector += ",involvedObject.namespace=" + ns;
  if (kind.kind != "Pod") selector += ",involvedObject.kind=" + kind.kind;
  if (std::string uid = JsonString(meta, "uid"); !uid.empty()) {
    selector += ",involvedObject.uid=" + uid;
  }
  KF_ASSIGN_OR_RETURN(Json events, cluster.List("Event", ns, ListOptions{"", selector}));
  SortEventsByLastSeen(&events);
  return events;
}

// Describes one object; appends its text and structured form.
Status DescribeOne(ClusterBackend& cluster, const KindName& kind, const Json& object,
                   std::string* text, Json* structured) {
  UnixMillis now = cluster.clock().Now();
  KF_ASSIGN_OR_RETURN(Json events, EventsAbout(cluster, kind, object));
  Json entry = {{"object", object}, {"events", events}};
  if (!text->empty()) *text += "\n\n";
  if (kind.kind == "Pod") {
    *text += RenderDescribePod(object, events, now);
  } else if (kind.kind == "Deployment") {
    KF_ASSIGN_OR_RETURN(Json replicasets, ListOwnedReplicaSets(cluster, object));
    *text += RenderDescribeDeployment(object, replicasets, events, now);
    entry["replicasets"] = std::move(replicasets);
  } else {
    *text += RenderDescribeGeneric(object, events, now);
  }
  structured->push_back(std::move(entry));
  return Status::Ok();
}

// As kubectl: when NAME is not found, every object whose name starts with
// NAME is described; with none, the NotFound error stands.
Result<std::vector<Json>> FindObjects(ClusterBackend& cluster, const KindName& kind,
                                      const std::string& ns, const std::string& name) {
  Result<Json> exact = cluster.Get(kind.kind, ns, name);
  if (exact.ok()) return std::vector<Json>{*exact};
  if (exact.status().code() != StatusCode::kNotFound) return exact.status();
  Result<Json> list = cluster.List(kind.kind, ns, ListOptions{});
  std::vector<Json> matches;
  if (list.ok()) {
    for (const Json& item : (*list)["items"]) {
      if (JsonString(Metadata(item), "name").rfind(name, 0) == 0) matches.push_back(item);
    }
  }
  if (matches.empty()) return exact.status();
  return matches;
}

ToolResult Describe(const Json& args, const ToolContext& ctx) {
  std::string ns = ArgString(args, "namespace");
  std::string name = ArgString(args, "name");
  Result<KindName> kind = ResolveKind(ArgString(args, "kind"));
  std::string word = kind.ok() ? kind->Word() : ArgString(args, "kind");
  std::string command = "kubectl describe " + ShellQuote(word) + " " + ShellQuote(name) +
                        (kind.ok() && !kind->namespaced ? "" : NamespaceFlag(ns));
  if (!kind.ok()) return ErrorResult(command, "error: " + kind.status().message());
  std::string effective_ns = kind->namespaced ? ns : "";
  Result<std::vector<Json>> objects = FindObjects(*ctx.cluster, *kind, effective_ns, name);
  if (!objects.ok()) return StatusResult(command, objects.status());

  ToolResult r;
  r.command = command;
  Json described = Json::array();
  for (const Json& object : *objects) {
    Status s = DescribeOne(*ctx.cluster, *kind, object, &r.text, &described);
    if (!s.ok()) return StatusResult(command, s);
  }
  r.structured = described.size() == 1 ? described[0] : Json{{"items", described}};
  return r;
}

}  // namespace

std::unique_ptr<Tool> MakeDescribeTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.describe",
      "Describe an object as `kubectl describe` does: its spec and status in a readable form "
      "and the events about it (a pod's OOMKilled/BackOff history, a deployment's ReplicaSets "
      "and scaling events). Structured output is {object, events} (plus replicasets for a "
      "deployment).",
      ObjectSchema({{"kind", StringProp("Kind as kubectl accepts it: pod, deployment, rs, svc, node, ...")},
                    {"name", StringProp("Object name (a prefix describes every match, as kubectl).")},
                    {"namespace", StringProp("Namespace (ignored for cluster-scoped kinds).")}},
                   {"kind", "name", "namespace"}),
      kReadOnly, Describe);
}

}  // namespace kf
