// kubernetes.set_image: `kubectl set image deployment/NAME CONTAINER=IMAGE -n NS`.
#include <memory>
#include <string>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/mutation_plan.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

bool HasContainer(const Json& pod_spec, const std::string& container) {
  const Json* containers = JsonAtPath(pod_spec, "containers");
  if (!containers || !containers->is_array()) return false;
  for (const Json& c : *containers) {
    if (JsonString(c, "name") == container) return true;
  }
  return false;
}

}  // namespace

Status PlanSetImage(const Json& args, const ToolContext& ctx, MutationPlan* plan) {
  plan->ns = ArgString(args, "namespace");
  plan->name = ArgString(args, "name");
  std::string container = ArgString(args, "container");
  std::string image = ArgString(args, "image");
  std::string kind_arg = ArgString(args, "kind", "deployment");
  Result<KindName> resolved = ResolveKind(kind_arg);
  std::string word = resolved.ok() ? resolved->Word() : kind_arg;
  plan->command = "kubectl set image " + ShellQuote(word) + "/" + ShellQuote(plan->name) +
                  NamespaceFlag(plan->ns) + " " + ShellQuote(container + "=" + image);
  KF_RETURN_IF_ERROR(ResolveWorkloadKind(
      kind_arg, {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod"}, "set image",
      &plan->kind));
  plan->verb = "Set image of";
  plan->done_text = plan->kind.Ref(plan->name) + " image updated";
  Result<Json> before = ctx.cluster->Get(plan->kind.kind, plan->ns, plan->name);
  if (!before.ok()) return before.status();
  plan->before = std::move(*before);

  bool is_pod = plan->kind.kind == "Pod";
  const Json* pod_spec = JsonAtPath(plan->before, is_pod ? "spec" : "spec.template.spec");
  if (!pod_spec || !HasContainer(*pod_spec, container)) {
    return ClientError("unable to find container named \"" + container + "\"");
  }
  // The strategic merge patch kubectl computes, without its
  // $setElementOrder directive (the order does not change).
  Json containers = Json::array({{{"name", container}, {"image", image}}});
  plan->patch_type = PatchType::kStrategicMerge;
  plan->patch = is_pod ? Json{{"spec", {{"containers", containers}}}}
                       : Json{{"spec", {{"template", {{"spec", {{"containers", containers}}}}}}}};
  return Status::Ok();
}

std::unique_ptr<Tool> MakeSetImageTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.set_image",
      "Change one container's image, as `kubectl set image` does. On a deployment this starts "
      "a rolling update. Mutating: requires approval.",
      ObjectSchema({{"kind", StringProp("deployment (default), statefulset, daemonset, replicaset or pod.")},
                    {"name", StringProp("Object name.")},
                    {"namespace", StringProp("Namespace.")},
                    {"container", StringProp("Container name.")},
                    {"image", StringProp("New image, e.g. registry.internal/payment-service:v2.13.2.")}},
                   {"name", "namespace", "container", "image"}),
      ToolAnnotations{false, false, true}, [](const Json& args, const ToolContext& ctx) {
        MutationPlan plan;
        Status s = PlanMutation("kubernetes.set_image", args, ctx, &plan);
        return ExecuteMutation(s, plan, ctx);
      });
}

}  // namespace kf
