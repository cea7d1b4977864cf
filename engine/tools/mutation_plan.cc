#include "engine/tools/mutation_plan.h"

#include "engine/tools/tool_util.h"

namespace kf {

Status ClientError(std::string message) {
  return Status(StatusCode::kFailedPrecondition, std::move(message));
}

Status ResolveWorkloadKind(const std::string& kind_arg, std::initializer_list<const char*> allowed,
                           const std::string& what, KindName* out) {
  Result<KindName> kind = ResolveKind(kind_arg);
  if (!kind.ok()) return ClientError(kind.status().message());
  for (const char* k : allowed) {
    if (kind->kind == k) {
      *out = *kind;
      return Status::Ok();
    }
  }
  return ClientError(what + " is not supported for " + kind->resource);
}

Status PlanMutation(const std::string& tool_name, const Json& args, const ToolContext& ctx,
                    MutationPlan* plan) {
  plan->tool = tool_name;
  if (!ctx.cluster) return FailedPrecondition("kubernetes is not configured");
  if (tool_name == "kubernetes.patch_resource") return PlanPatchResource(args, ctx, plan);
  if (tool_name == "kubernetes.scale") return PlanScale(args, ctx, plan);
  if (tool_name == "kubernetes.set_image") return PlanSetImage(args, ctx, plan);
  if (tool_name == "kubernetes.rollout_undo") return PlanRolloutUndo(args, ctx, plan);
  if (tool_name == "kubernetes.rollout_restart") return PlanRolloutRestart(args, ctx, plan);
  if (tool_name == "kubernetes.delete_pod") return PlanDeletePod(args, ctx, plan);
  return InvalidArgument("tool " + tool_name + " is not a mutating tool");
}

ToolResult ExecuteMutation(const Status& planned, const MutationPlan& plan,
                           const ToolContext& ctx) {
  if (!planned.ok()) return StatusResult(plan.command, planned);
  Json structured = {{"kind", plan.kind.kind}, {"name", plan.name}, {"namespace", plan.ns}};
  ToolResult r;
  r.command = plan.command;
  if (plan.skip) {
    structured["action"] = "skipped";
    structured["changed"] = false;
    structured["object"] = plan.before;
    r.text = plan.skip_text + "\n";
    r.structured = std::move(structured);
    return r;
  }
  Result<Json> after =
      plan.is_delete
          ? ctx.cluster->Delete(plan.kind.kind, plan.ns, plan.name)
          : ctx.cluster->Patch(plan.kind.kind, plan.ns, plan.name, plan.patch_type, plan.patch);
  if (!after.ok()) return StatusResult(plan.command, after.status());
  bool changed = plan.is_delete || *after != plan.before;
  structured["action"] = plan.is_delete ? "deleted" : "patched";
  structured["changed"] = changed;
  structured["object"] = std::move(*after);
  // kubectl patch reports a no-op as "patched (no change)".
  bool note_no_change = !changed && plan.tool == "kubernetes.patch_resource";
  r.text = plan.done_text + (note_no_change ? " (no change)\n" : "\n");
  r.structured = std::move(structured);
  return r;
}

}  // namespace kf
