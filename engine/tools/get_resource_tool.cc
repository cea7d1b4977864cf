// kubernetes.get_resource: `kubectl get KIND [NAME] [-l SEL] [-o jsonpath=...]`.
#include <memory>
#include <string>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/kind_names.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

std::string Command(const Json& args, const std::string& word, bool namespaced) {
  std::string cmd = "kubectl get " + ShellQuote(word);
  if (std::string name = ArgString(args, "name"); !name.empty()) cmd += " " + ShellQuote(name);
  if (namespaced) {
    std::string ns = ArgString(args, "namespace");
    cmd += ArgString(args, "name").empty() ? ListNamespaceFlag(ns) : NamespaceFlag(ns);
  }
  if (std::string sel = ArgString(args, "label_selector"); !sel.empty()) {
    cmd += " -l " + ShellQuote(sel);
  }
  if (std::string path = ArgString(args, "jsonpath"); !path.empty()) {
    cmd += " -o jsonpath=" + ShellQuote(path);
  }
  return cmd;
}

ToolResult GetResource(const Json& args, const ToolContext& ctx) {
  Result<KindName> kind = ResolveKind(ArgString(args, "kind"));
  std::string word = kind.ok() ? kind->Word() : ArgString(args, "kind");
  std::string command = Command(args, word, !kind.ok() || kind->namespaced);
  if (!kind.ok()) return ErrorResult(command, "error: " + kind.status().message());
  std::string ns = kind->namespaced ? ArgString(args, "namespace") : "";
  std::string name = ArgString(args, "name");
  std::string selector = ArgString(args, "label_selector");
  if (!name.empty() && !selector.empty()) {
    return ErrorResult(command,
                       "error: when specifying a name, a label selector (-l) cannot be used");
  }

  Result<Json> got = name.empty() ? ctx.cluster->List(kind->kind, ns, ListOptions{selector, ""})
                                  : ctx.cluster->Get(kind->kind, ns, name);
  if (!got.ok()) return StatusResult(command, got.status());

  ToolResult r;
  r.command = command;
  if (std::string path = ArgString(args, "jsonpath"); !path.empty()) {
    // kubectl evaluates -o jsonpath on the object, or on a list it wraps as
    // kind: List.
    Json target = *got;
    if (name.empty()) target = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", (*got)["items"]},
                                {"metadata", {{"resourceVersion", ""}}}};
    Result<std::string> out = EvaluateJsonPath(target, path);
    if (!out.ok()) return ErrorResult(command, "error: " + out.status().message());
    r.text = *out;
  } else {
    Json shown = !name.empty()          ? SingleItemList(*got)
                 : kind->namespaced ? ListInNamespace(*got, ns)
                                    : *got;
    r.text = RenderTable(shown,
                         ctx.cluster->clock().Now());
  }
  r.structured = std::move(*got);
  return r;
}

}  // namespace

std::unique_ptr<Tool> MakeGetResourceTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.get_resource",
      "Get one object or list objects of a kind, as `kubectl get` prints them. With jsonpath "
      "(e.g. \"{.spec.template.spec.containers[0].resources}\") prints just that part, as "
      "`kubectl get -o jsonpath` does. Structured output is the object or the list.",
      ObjectSchema({{"kind", StringProp("Kind as kubectl accepts it: deployment, deploy, pods, rs, svc, ...")},
                    {"name", StringProp("Object name; omit to list.")},
                    {"namespace", StringProp("Namespace (omit for cluster-scoped kinds or all namespaces).")},
                    {"label_selector", StringProp("Label selector when listing.")},
                    {"jsonpath", StringProp("kubectl JSONPath template.")}},
                   {"kind"}),
      kReadOnly, GetResource);
}

}  // namespace kf
