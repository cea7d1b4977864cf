// kubernetes.patch_resource: `kubectl patch KIND NAME -n NS --type=T -p 'PATCH'`.
#include <memory>
#include <string>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/mutation_plan.h"
#include "engine/tools/tool_util.h"

namespace kf {

Status PlanPatchResource(const Json& args, const ToolContext& ctx, MutationPlan* plan) {
  plan->ns = ArgString(args, "namespace");
  plan->name = ArgString(args, "name");
  plan->patch = args.contains("patch") ? args["patch"] : Json::object();
  std::string type = ArgString(args, "patch_type", "strategic");
  Result<KindName> kind = ResolveKind(ArgString(args, "kind"));
  std::string word = kind.ok() ? kind->Word() : ArgString(args, "kind");
  plan->command = "kubectl patch " + ShellQuote(word) + " " + ShellQuote(plan->name) +
                  NamespaceFlag(plan->ns) + (type == "strategic" ? "" : " --type=" + type) +
                  " -p " + ShellQuote(CanonicalJson(plan->patch));
  if (!kind.ok()) return ClientError(kind.status().message());
  plan->kind = *kind;
  plan->verb = "Patch";
  plan->done_text = kind->Ref(plan->name) + " patched";
  if (type == "json") {
    plan->patch_type = PatchType::kJson;
    if (!plan->patch.is_array()) return ClientError("a json patch must be an array of operations");
  } else {
    plan->patch_type = type == "merge" ? PatchType::kMerge : PatchType::kStrategicMerge;
    if (!plan->patch.is_object()) {
      return ClientError("a " + std::string(type == "merge" ? "merge" : "strategic merge") +
                         " patch must be a JSON object");
    }
  }
  Result<Json> before = ctx.cluster->Get(kind->kind, kind->namespaced ? plan->ns : "", plan->name);
  if (!before.ok()) return before.status();
  plan->before = std::move(*before);
  return Status::Ok();
}

std::unique_ptr<Tool> MakePatchResourceTool() {
  Json json_op = {{"type", "object"},
                  {"properties",
                   {{"op", EnumProp("Operation.", {"add", "remove", "replace", "move", "copy", "test"})},
                    {"path", StringProp("JSON Pointer, e.g. /spec/replicas.")},
                    {"from", StringProp("Source pointer for move and copy.")},
                    {"value", Json::object()}}},
                  {"required", {"op", "path"}},
                  {"additionalProperties", false}};
  Json patch = {{"description",
                 "The patch: an object for strategic/merge (e.g. {\"spec\":{\"template\":{\"spec\":"
                 "{\"containers\":[{\"name\":\"app\",\"resources\":{\"limits\":{\"memory\":"
                 "\"512Mi\"}}}]}}}}), an array of operations for json."},
                {"oneOf", {{{"type", "object"}}, {{"type", "array"}, {"items", json_op}}}}};
  return std::make_unique<FunctionTool>(
      "kubernetes.patch_resource",
      "Patch an object as `kubectl patch` does. patch_type strategic (default) merges "
      "containers by name, so a patch naming one container changes only the given fields; "
      "merge is RFC 7386 (lists replace wholesale); json is RFC 6902 operations. Mutating: "
      "requires approval.",
      ObjectSchema({{"kind", StringProp("Kind as kubectl accepts it: deployment, pod, svc, ...")},
                    {"name", StringProp("Object name.")},
                    {"namespace", StringProp("Namespace.")},
                    {"patch", patch},
                    {"patch_type", EnumProp("Patch type (default strategic).", {"strategic", "merge", "json"})}},
                   {"kind", "name", "namespace", "patch"}),
      ToolAnnotations{false, false, true}, [](const Json& args, const ToolContext& ctx) {
        MutationPlan plan;
        Status s = PlanMutation("kubernetes.patch_resource", args, ctx, &plan);
        return ExecuteMutation(s, plan, ctx);
      });
}

}  // namespace kf
