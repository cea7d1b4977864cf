// kubernetes.rollout_undo: `kubectl rollout undo deployment/NAME -n NS
// [--to-revision=N]`, with kubectl's client-side logic
// (kubectl/pkg/polymorphichelpers/rollback.go): restore the chosen
// ReplicaSet's pod template and its annotations with one JSON patch.
#include <array>
#include <memory>
#include <string>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/mutation_plan.h"
#include "engine/tools/rollout_revisions.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

// Annotations the rollback keeps from the deployment instead of the RS.
constexpr std::array<const char*, 6> kSkippedAnnotations = {
    "kubectl.kubernetes.io/last-applied-configuration",
    "deployment.kubernetes.io/revision",
    "deployment.kubernetes.io/revision-history",
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
};

bool Skipped(const std::string& key) {
  for (const char* k : kSkippedAnnotations) {
    if (key == k) return true;
  }
  return false;
}

Json RollbackAnnotations(const Json& deployment, const Json& rs) {
  Json out = Json::object();
  const Json* own = JsonAtPath(deployment, "metadata.annotations");
  if (own && own->is_object()) {
    for (auto it = own->begin(); it != own->end(); ++it) {
      if (Skipped(it.key())) out[it.key()] = *it;
    }
  }
  const Json* theirs = JsonAtPath(rs, "metadata.annotations");
  if (theirs && theirs->is_object()) {
    for (auto it = theirs->begin(); it != theirs->end(); ++it) {
      if (!Skipped(it.key())) out[it.key()] = *it;
    }
  }
  return out;
}

// kubectl's choice: the named revision, or the second-highest one.
Status ChooseRevision(const std::vector<DeploymentRevision>& revisions, int64_t to_revision,
                      const std::string& name, const DeploymentRevision** out) {
  if (to_revision > 0) {
    for (const DeploymentRevision& rev : revisions) {
      if (rev.revision == to_revision) {
        *out = &rev;
        return Status::Ok();
      }
    }
    return ClientError("unable to find specified revision " + std::to_string(to_revision) +
                       " in history");
  }
  if (revisions.size() <= 1) {
    return ClientError("no rollout history found for deployment \"" + name + "\"");
  }
  *out = &revisions[revisions.size() - 2];
  return Status::Ok();
}

}  // namespace

Status PlanRolloutUndo(const Json& args, const ToolContext& ctx, MutationPlan* plan) {
  plan->ns = ArgString(args, "namespace");
  plan->name = ArgString(args, "name");
  int64_t to_revision = ArgInt(args, "to_revision", 0);
  plan->command = "kubectl rollout undo deployment/" + ShellQuote(plan->name) +
                  NamespaceFlag(plan->ns) +
                  (to_revision > 0 ? " --to-revision=" + std::to_string(to_revision) : "");
  plan->kind = *ResolveKind("Deployment");
  plan->verb = "Roll back";
  plan->done_text = plan->kind.Ref(plan->name) + " rolled back";
  Result<Json> deployment = ctx.cluster->Get("Deployment", plan->ns, plan->name);
  if (!deployment.ok()) return deployment.status();
  plan->before = std::move(*deployment);
  if (const Json* paused = JsonAtPath(plan->before, "spec.paused"); paused && *paused == true) {
    return ClientError("you cannot rollback a paused deployment; resume it first with "
                       "'kubectl rollout resume deployment/" + plan->name + "' and try again");
  }
  Result<std::vector<DeploymentRevision>> revisions = ListRevisions(*ctx.cluster, plan->before);
  if (!revisions.ok()) return revisions.status();
  const DeploymentRevision* target = nullptr;
  KF_RETURN_IF_ERROR(ChooseRevision(*revisions, to_revision, plan->name, &target));

  const Json* rs_template = JsonAtPath(target->replicaset, "spec.template");
  const Json* current = JsonAtPath(plan->before, "spec.template");
  Json restored = TemplateWithoutHash(rs_template ? *rs_template : EmptyJsonObject());
  if (current && TemplatesEqual(*current, restored)) {
    plan->skip = true;
    plan->skip_text = plan->kind.Ref(plan->name) +
                      " skipped rollback (current template already matches revision " +
                      std::to_string(target->revision) + ")";
    return Status::Ok();
  }
  // RFC 6902 replace needs an existing member; add replaces one too.
  bool has_annotations = JsonAtPath(plan->before, "metadata.annotations") != nullptr;
  plan->patch_type = PatchType::kJson;
  plan->patch = Json::array(
      {{{"op", "replace"}, {"path", "/spec/template"}, {"value", restored}},
       {{"op", has_annotations ? "replace" : "add"},
        {"path", "/metadata/annotations"},
        {"value", RollbackAnnotations(plan->before, target->replicaset)}}});
  return Status::Ok();
}

std::unique_ptr<Tool> MakeRolloutUndoTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.rollout_undo",
      "Roll a deployment back to an earlier revision (default: the previous one), as `kubectl "
      "rollout undo` does: the pod template of that revision's ReplicaSet replaces the current "
      "one, starting a rolling update. See kubernetes.get_rollout_history for revisions. "
      "Mutating: requires approval.",
      ObjectSchema({{"name", StringProp("Deployment name.")},
                    {"namespace", StringProp("Namespace.")},
                    {"to_revision", IntProp("Revision to roll back to; 0 or absent means the previous one.", 0)}},
                   {"name", "namespace"}),
      ToolAnnotations{false, false, false}, [](const Json& args, const ToolContext& ctx) {
        MutationPlan plan;
        Status s = PlanMutation("kubernetes.rollout_undo", args, ctx, &plan);
        return ExecuteMutation(s, plan, ctx);
      });
}

}  // namespace kf
