// kubernetes.delete_pod: `kubectl delete pod NAME -n NS`.
#include <memory>
#include <string>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/mutation_plan.h"
#include "engine/tools/tool_util.h"

namespace kf {

Status PlanDeletePod(const Json& args, const ToolContext& ctx, MutationPlan* plan) {
  plan->ns = ArgString(args, "namespace");
  plan->name = ArgString(args, "name");
  plan->command = "kubectl delete pod " + ShellQuote(plan->name) + NamespaceFlag(plan->ns);
  plan->kind = *ResolveKind("Pod");
  plan->verb = "Delete";
  plan->is_delete = true;
  plan->done_text = "pod \"" + plan->name + "\" deleted";
  Result<Json> before = ctx.cluster->Get("Pod", plan->ns, plan->name);
  if (!before.ok()) return before.status();
  plan->before = std::move(*before);
  return Status::Ok();
}

std::unique_ptr<Tool> MakeDeletePodTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.delete_pod",
      "Delete one pod, as `kubectl delete pod` does. A pod owned by a ReplicaSet is replaced "
      "by a new one; a bare pod is gone. Mutating and destructive: requires approval.",
      ObjectSchema({{"name", StringProp("Pod name.")}, {"namespace", StringProp("Namespace.")}},
                   {"name", "namespace"}),
      ToolAnnotations{false, true, true}, [](const Json& args, const ToolContext& ctx) {
        MutationPlan plan;
        Status s = PlanMutation("kubernetes.delete_pod", args, ctx, &plan);
        return ExecuteMutation(s, plan, ctx);
      });
}

}  // namespace kf
