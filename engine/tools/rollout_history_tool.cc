// kubernetes.get_rollout_history: `kubectl rollout history deployment/NAME`.
#include <memory>
#include <string>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/kind_names.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/rollout_revisions.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

// {"revision":4,"change_cause":"...","replicaset":"...","images":[...],
//  "resources":[{"container":"payment-service","requests":{...},"limits":{...}}]}
Json RevisionJson(const DeploymentRevision& rev) {
  Json images = Json::array();
  Json resources = Json::array();
  if (const Json* containers = JsonAtPath(rev.replicaset, "spec.template.spec.containers");
      containers && containers->is_array()) {
    for (const Json& c : *containers) {
      images.push_back(JsonString(c, "image"));
      Json entry = {{"container", JsonString(c, "name")}};
      const Json* res = JsonAtPath(c, "resources");
      entry["requests"] = res && res->contains("requests") ? (*res)["requests"] : Json::object();
      entry["limits"] = res && res->contains("limits") ? (*res)["limits"] : Json::object();
      resources.push_back(std::move(entry));
    }
  }
  std::string cause = Annotation(rev.replicaset, "kubernetes.io/change-cause");
  return {{"revision", rev.revision},
          {"change_cause", cause.empty() ? Json(nullptr) : Json(cause)},
          {"replicaset", JsonString(Metadata(rev.replicaset), "name")},
          {"images", images},
          {"resources", resources}};
}

ToolResult RolloutHistory(const Json& args, const ToolContext& ctx) {
  std::string ns = ArgString(args, "namespace");
  std::string name = ArgString(args, "name");
  Result<KindName> kind = ResolveKind(ArgString(args, "kind", "deployment"));
  std::string word = kind.ok() ? kind->Word() : ArgString(args, "kind");
  std::string command = "kubectl rollout history " + word + "/" + ShellQuote(name) + NamespaceFlag(ns);
  if (!kind.ok()) return ErrorResult(command, "error: " + kind.status().message());
  if (kind->kind != "Deployment") {
    return ErrorResult(command, "error: rollout history is supported for deployments only, not " +
                                    kind->resource);
  }
  Result<Json> deployment = ctx.cluster->Get("Deployment", ns, name);
  if (!deployment.ok()) return StatusResult(command, deployment.status());
  Result<Json> rs_list = ListOwnedReplicaSets(*ctx.cluster, *deployment);
  if (!rs_list.ok()) return StatusResult(command, rs_list.status());
  Result<std::vector<DeploymentRevision>> revisions = ListRevisions(*ctx.cluster, *deployment);
  if (!revisions.ok()) return StatusResult(command, revisions.status());

  Json revs = Json::array();
  for (const DeploymentRevision& rev : *revisions) revs.push_back(RevisionJson(rev));
  int64_t current = RevisionOf(*deployment);
  ToolResult r;
  r.command = command;
  r.text = RenderRolloutHistory(*deployment, *rs_list);
  r.structured = {{"kind", "Deployment"},
                  {"name", name},
                  {"namespace", ns},
                  {"current_revision", current > 0 ? Json(current) : Json(nullptr)},
                  {"revisions", revs}};
  return r;
}

}  // namespace

std::unique_ptr<Tool> MakeRolloutHistoryTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.get_rollout_history",
      "A deployment's rollout history, as `kubectl rollout history` prints it (REVISION, "
      "CHANGE-CAUSE). Structured output adds each revision's ReplicaSet, images and container "
      "resources, for comparing what changed between revisions.",
      ObjectSchema({{"kind", StringProp("Workload kind; only \"deployment\" is supported.")},
                    {"name", StringProp("Deployment name.")},
                    {"namespace", StringProp("Namespace.")}},
                   {"name", "namespace"}),
      kReadOnly, RolloutHistory);
}

}  // namespace kf
