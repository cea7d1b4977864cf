// kubernetes.scale: `kubectl scale deployment/NAME -n NS --replicas=N`.
#include <memory>
#include <string>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/mutation_plan.h"
#include "engine/tools/tool_util.h"

namespace kf {

Status PlanScale(const Json& args, const ToolContext& ctx, MutationPlan* plan) {
  plan->ns = ArgString(args, "namespace");
  plan->name = ArgString(args, "name");
  int64_t replicas = ArgInt(args, "replicas", 0);
  std::string kind_arg = ArgString(args, "kind", "deployment");
  Result<KindName> resolved = ResolveKind(kind_arg);
  std::string word = resolved.ok() ? resolved->Word() : kind_arg;
  plan->command = "kubectl scale " + ShellQuote(word) + "/" + ShellQuote(plan->name) +
                  NamespaceFlag(plan->ns) + " --replicas=" + std::to_string(replicas);
  KF_RETURN_IF_ERROR(ResolveWorkloadKind(kind_arg, {"Deployment", "ReplicaSet", "StatefulSet"},
                                         "scale", &plan->kind));
  plan->verb = "Scale";
  plan->done_text = plan->kind.Ref(plan->name) + " scaled";
  // kubectl patches the /scale subresource with this merge patch; on the
  // object itself it has the same effect.
  plan->patch_type = PatchType::kMerge;
  plan->patch = {{"spec", {{"replicas", replicas}}}};
  Result<Json> before = ctx.cluster->Get(plan->kind.kind, plan->ns, plan->name);
  if (!before.ok()) return before.status();
  plan->before = std::move(*before);
  return Status::Ok();
}

std::unique_ptr<Tool> MakeScaleTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.scale",
      "Set the replica count of a deployment, replicaset or statefulset, as `kubectl scale` "
      "does. Scaling to 0 stops every pod. Mutating: requires approval.",
      ObjectSchema({{"kind", StringProp("deployment (default), replicaset or statefulset.")},
                    {"name", StringProp("Object name.")},
                    {"namespace", StringProp("Namespace.")},
                    {"replicas", IntProp("Desired replica count.", 0, 1000)}},
                   {"name", "namespace", "replicas"}),
      ToolAnnotations{false, true, true}, [](const Json& args, const ToolContext& ctx) {
        MutationPlan plan;
        Status s = PlanMutation("kubernetes.scale", args, ctx, &plan);
        return ExecuteMutation(s, plan, ctx);
      });
}

}  // namespace kf
