// How each mutating tool turns its arguments into one write: the client-side
// half of kubectl (what `kubectl scale`, `set image`, `rollout undo`,
// `rollout restart`, `patch`, `delete` compute before they send a request).
// Planning only reads the cluster; the same plan is executed by the tool and
// dry-run by PreviewMutation, so what a person approves is what runs.
#pragma once

#include <string>

#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/tools/cluster_backend.h"
#include "engine/tools/kind_names.h"
#include "engine/tools/tool.h"

namespace kf {

struct MutationPlan {
  std::string tool;     // "kubernetes.scale"
  std::string command;  // the kubectl command; set even when planning fails
  KindName kind;
  std::string ns;
  std::string name;
  // "Patch", "Scale", "Roll back", "Restart", "Set image of", "Delete": the
  // verb of the approval line "Action: Patch deployment/x in namespace y".
  std::string verb;
  bool is_delete = false;     // a Delete instead of a Patch
  PatchType patch_type = PatchType::kStrategicMerge;
  Json patch;
  // When set, nothing is sent and the tool prints skip_text (rollout undo to
  // the template already running).
  bool skip = false;
  std::string skip_text;
  std::string done_text;  // "deployment.apps/payment-service patched"
  Json before;            // the object as read while planning
};

// Client-side refusals print as kubectl's "error: ..." lines; they use this
// code so that KubectlErrorText renders them that way.
Status ClientError(std::string message);

// Plans `tool_name` with validated `args`. On failure the returned Status is
// the error to show and plan->command is still filled in.
// InvalidArgument "tool X is not a mutating tool" for read-only tools.
Status PlanMutation(const std::string& tool_name, const Json& args, const ToolContext& ctx,
                    MutationPlan* plan);

// The per-tool planners PlanMutation dispatches to.
Status PlanPatchResource(const Json& args, const ToolContext& ctx, MutationPlan* plan);
Status PlanScale(const Json& args, const ToolContext& ctx, MutationPlan* plan);
Status PlanSetImage(const Json& args, const ToolContext& ctx, MutationPlan* plan);
Status PlanRolloutUndo(const Json& args, const ToolContext& ctx, MutationPlan* plan);
Status PlanRolloutRestart(const Json& args, const ToolContext& ctx, MutationPlan* plan);
Status PlanDeletePod(const Json& args, const ToolContext& ctx, MutationPlan* plan);

// Executes a plan: the tool result of a mutating tool. Structured output:
//   {"action":"patched"|"skipped"|"deleted", "kind","name","namespace",
//    "changed":bool, "object": the object the API server returned}
ToolResult ExecuteMutation(const Status& planned, const MutationPlan& plan,
                           const ToolContext& ctx);

// Resolves `kind_arg` and checks it is one of `allowed` Kinds, e.g.
// `error: scale is not supported for pods` otherwise.
Status ResolveWorkloadKind(const std::string& kind_arg, std::initializer_list<const char*> allowed,
                           const std::string& what, KindName* out);

}  // namespace kf
