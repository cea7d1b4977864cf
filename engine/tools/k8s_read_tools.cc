// The small readers: kubernetes.list_pods, kubernetes.get_pod_logs,
// kubernetes.top_pods.
#include <memory>
#include <string>

#include "engine/core/strings.h"
#include "engine/tools/builtin_tools.h"
#include "engine/tools/cluster_backend.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

std::string NoResources(const std::string& ns) {
  return ns.empty() ? "No resources found\n" : "No resources found in " + ns + " namespace.\n";
}

// --- kubernetes.list_pods -------------------------------------------------------

ToolResult ListPods(const Json& args, const ToolContext& ctx) {
  std::string ns = ArgString(args, "namespace");
  ListOptions opts{ArgString(args, "label_selector"), ArgString(args, "field_selector")};
  std::string command = "kubectl get pods" + ListNamespaceFlag(ns);
  if (!opts.label_selector.empty()) command += " -l " + ShellQuote(opts.label_selector);
  if (!opts.field_selector.empty()) command += " --field-selector " + ShellQuote(opts.field_selector);
  Result<Json> pods = ctx.cluster->List("Pod", ns, opts);
  if (!pods.ok()) return StatusResult(command, pods.status());
  ToolResult r;
  r.command = command;
  r.text = RenderPodsTable(ListInNamespace(*pods, ns), ctx.cluster->clock().Now());
  r.structured = std::move(*pods);
  return r;
}

// --- kubernetes.get_pod_logs -------------------------------------------------------

// kubectl's choice of container when none is named: the
// kubectl.kubernetes.io/default-container annotation, else the first one.
std::string DefaultContainer(const Json& pod) {
  std::string annotated = Annotation(pod, "kubectl.kubernetes.io/default-container");
  if (!annotated.empty()) return annotated;
  const Json* first = JsonAtPath(pod, "spec.containers[0]");
  return first ? JsonString(*first, "name") : "";
}

ToolResult GetPodLogs(const Json& args, const ToolContext& ctx) {
  std::string ns = ArgString(args, "namespace");
  std::string pod_name = ArgString(args, "pod");
  std::string container = ArgString(args, "container");
  bool previous = ArgBool(args, "previous", false);
  int64_t tail = ArgInt(args, "tail_lines", -1);
  std::string command = "kubectl logs " + ShellQuote(pod_name) + NamespaceFlag(ns);
  if (!container.empty()) command += " -c " + ShellQuote(container);
  if (previous) command += " --previous";
  if (tail >= 0) command += " --tail=" + std::to_string(tail);

  if (container.empty()) {
    Result<Json> pod = ctx.cluster->Get("Pod", ns, pod_name);
    if (!pod.ok()) return StatusResult(command, pod.status());
    container = DefaultContainer(*pod);
  }
  Result<std::string> logs =
      ctx.cluster->Logs(ns, pod_name, container, previous, static_cast<int>(tail));
  if (!logs.ok()) return StatusResult(command, logs.status());
  ToolResult r;
  r.command = command;
  r.text = *logs;
  Json lines = Json::array();
  for (const std::string& line : Split(*logs, '\n')) lines.push_back(line);
  if (!lines.empty() && lines.back() == "") lines.erase(lines.end() - 1);
  r.structured = {{"namespace", ns},   {"pod", pod_name}, {"container", container},
                  {"previous", previous}, {"lines", lines}};
  return r;
}

// --- kubernetes.top_pods ------------------------------------------------------------

ToolResult TopPods(const Json& args, const ToolContext& ctx) {
  std::string ns = ArgString(args, "namespace");
  std::string selector = ArgString(args, "label_selector");
  std::string command = "kubectl top pods" + ListNamespaceFlag(ns);
  if (!selector.empty()) command += " -l " + ShellQuote(selector);
  Result<Json> metrics = ctx.cluster->PodMetrics(ns, selector);
  if (!metrics.ok()) return StatusResult(command, metrics.status());
  const Json* items = JsonAtPath(*metrics, "items");
  if (!items || items->empty()) {
    // As kubectl: no metrics and no pods is "No resources found"; pods
    // without metrics yet is an error.
    Result<Json> pods = ctx.cluster->List("Pod", ns, ListOptions{selector, ""});
    const Json* pod_items = pods.ok() ? JsonAtPath(*pods, "items") : nullptr;
    if (pod_items && !pod_items->empty()) {
      return ErrorResult(command, "error: metrics not available yet");
    }
    ToolResult r;
    r.command = command;
    r.text = NoResources(ns);
    r.structured = std::move(*metrics);
    return r;
  }
  ToolResult r;
  r.command = command;
  r.text = RenderTopPods(ListInNamespace(*metrics, ns));
  r.structured = std::move(*metrics);
  return r;
}

}  // namespace

std::unique_ptr<Tool> MakeListPodsTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.list_pods",
      "List pods in a namespace, optionally filtered by label and field selectors, as "
      "`kubectl get pods` shows them (READY, STATUS, RESTARTS, AGE). Structured output is "
      "the PodList.",
      ObjectSchema({{"namespace", StringProp("Namespace, e.g. \"production\"; omit for every "
                                           "namespace (kubectl -A).")},
                    {"label_selector", StringProp("Label selector, e.g. \"app=payment-service\".")},
                    {"field_selector", StringProp("Field selector, e.g. \"status.phase=Running\".")}},
                   {}),
      kReadOnly, ListPods);
}

std::unique_ptr<Tool> MakeGetPodLogsTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.get_pod_logs",
      "Read a pod's container logs, as `kubectl logs` prints them. Use previous=true for the "
      "last terminated instance (e.g. before an OOMKill or crash).",
      ObjectSchema({{"namespace", StringProp("Namespace of the pod.")},
                    {"pod", StringProp("Pod name.")},
                    {"container", StringProp("Container name; defaults as kubectl does.")},
                    {"previous", BoolProp("Logs of the previous terminated container.")},
                    {"tail_lines", IntProp("Only the last N lines.", 0)}},
                   {"namespace", "pod"}),
      kReadOnly, GetPodLogs);
}

std::unique_ptr<Tool> MakeTopPodsTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.top_pods",
      "Current CPU and memory usage of pods from the metrics API, as `kubectl top pods` "
      "shows it. Structured output is the metrics.k8s.io PodMetricsList.",
      ObjectSchema({{"namespace", StringProp("Namespace; omit for every namespace (kubectl -A).")},
                    {"label_selector", StringProp("Label selector, e.g. \"app=payment-service\".")}},
                   {}),
      kReadOnly, TopPods);
}

}  // namespace kf
