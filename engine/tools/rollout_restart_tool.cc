// kubernetes.rollout_restart: `kubectl rollout restart deployment/NAME -n NS`.
#include <memory>
#include <string>

#include "engine/core/clock.h"
#include "engine/tools/builtin_tools.h"
#include "engine/tools/mutation_plan.h"
#include "engine/tools/tool_util.h"

namespace kf {

Status PlanRolloutRestart(const Json& args, const ToolContext& ctx, MutationPlan* plan) {
  plan->ns = ArgString(args, "namespace");
  plan->name = ArgString(args, "name");
  std::string kind_arg = ArgString(args, "kind", "deployment");
  Result<KindName> resolved = ResolveKind(kind_arg);
  std::string word = resolved.ok() ? resolved->Word() : kind_arg;
  plan->command = "kubectl rollout restart " + ShellQuote(word) + "/" + ShellQuote(plan->name) +
                  NamespaceFlag(plan->ns);
  KF_RETURN_IF_ERROR(ResolveWorkloadKind(kind_arg, {"Deployment", "StatefulSet", "DaemonSet"},
                                         "rollout restart", &plan->kind));
  plan->verb = "Restart";
  plan->done_text = plan->kind.Ref(plan->name) + " restarted";
  Result<Json> before = ctx.cluster->Get(plan->kind.kind, plan->ns, plan->name);
  if (!before.ok()) return before.status();
  plan->before = std::move(*before);
  if (JsonAtPath(plan->before, "spec.paused") && plan->before["spec"]["paused"] == true) {
    return ClientError("can't restart paused " + plan->kind.Word() + " (run rollout resume first)");
  }
  std::string now = FormatRfc3339(ctx.cluster->clock().Now());
  plan->patch_type = PatchType::kStrategicMerge;
  plan->patch = {{"spec",
                  {{"template",
                    {{"metadata", {{"annotations", {{"kubectl.kubernetes.io/restartedAt", now}}}}}}}}}};
  return Status::Ok();
}

std::unique_ptr<Tool> MakeRolloutRestartTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.rollout_restart",
      "Restart every pod of a deployment (or statefulset, daemonset) through a rolling update, "
      "as `kubectl rollout restart` does. Mutating: requires approval.",
      ObjectSchema({{"kind", StringProp("deployment (default), statefulset or daemonset.")},
                    {"name", StringProp("Object name.")},
                    {"namespace", StringProp("Namespace.")}},
                   {"name", "namespace"}),
      ToolAnnotations{false, false, false}, [](const Json& args, const ToolContext& ctx) {
        MutationPlan plan;
        Status s = PlanMutation("kubernetes.rollout_restart", args, ctx, &plan);
        return ExecuteMutation(s, plan, ctx);
      });
}

}  // namespace kf
