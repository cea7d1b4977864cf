// kubernetes.rollout_status: `kubectl rollout status deployment/NAME`,
// waiting on the cluster's clock (virtual in simulation).
#include <memory>
#include <string>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/cluster_backend.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

constexpr DurationMs kPollInterval = 5000;
constexpr int64_t kDefaultTimeoutSeconds = 600;

bool ProgressDeadlineExceeded(const Json& deployment) {
  const Json* conditions = JsonAtPath(deployment, "status.conditions");
  if (!conditions || !conditions->is_array()) return false;
  for (const Json& c : *conditions) {
    if (JsonString(c, "type") == "Progressing" &&
        JsonString(c, "reason") == "ProgressDeadlineExceeded") {
      return true;
    }
  }
  return false;
}

Json Snapshot(const Json& deployment) {
  const Json& status = deployment.contains("status") ? deployment["status"] : Json::object();
  const Json* spec_replicas = JsonAtPath(deployment, "spec.replicas");
  return {{"replicas", spec_replicas && spec_replicas->is_number() ? spec_replicas->get<int64_t>() : 1},
          {"updated_replicas", JsonInt(status, "updatedReplicas")},
          {"ready_replicas", JsonInt(status, "readyReplicas")},
          {"available_replicas", JsonInt(status, "availableReplicas")},
          {"total_replicas", JsonInt(status, "replicas")},
          {"generation", JsonInt(Metadata(deployment), "generation")},
          {"observed_generation", JsonInt(status, "observedGeneration")}};
}

ToolResult RolloutStatus(const Json& args, const ToolContext& ctx) {
  std::string ns = ArgString(args, "namespace");
  std::string name = ArgString(args, "name");
  bool wait = ArgBool(args, "wait", true);
  bool timeout_given = args.contains("timeout_seconds");
  int64_t timeout_s = ArgInt(args, "timeout_seconds", kDefaultTimeoutSeconds);
  std::string command = "kubectl rollout status deployment/" + ShellQuote(name) + NamespaceFlag(ns);
  if (!wait) command += " --watch=false";
  if (wait && timeout_given) command += " --timeout=" + std::to_string(timeout_s) + "s";

  Clock& clock = ctx.cluster->clock();
  const UnixMillis start = clock.Now();
  Json lines = Json::array();
  std::string text;
  std::string last_line;
  while (true) {
    Result<Json> deployment = ctx.cluster->Get("Deployment", ns, name);
    if (!deployment.ok()) return StatusResult(command, deployment.status());
    Json structured = Snapshot(*deployment);
    structured["lines"] = lines;
    structured["waited_seconds"] = (clock.Now() - start) / 1000;
    if (ProgressDeadlineExceeded(*deployment)) {
      ToolResult r = ErrorResult(command, text + "error: deployment \"" + name +
                                              "\" exceeded its progress deadline\n");
      structured["done"] = false;
      r.structured = std::move(structured);
      return r;
    }
    bool done = false;
    std::string line = RenderRolloutStatusLine(*deployment, &done);
    if (line != last_line) {
      text += line;
      std::string trimmed = !line.empty() && line.back() == '\n' ? line.substr(0, line.size() - 1) : line;
      lines.push_back(trimmed);
      structured["lines"] = lines;
      last_line = line;
    }
    structured["done"] = done;
    if (done || !wait) {
      ToolResult r;
      r.command = command;
      r.text = text;
      r.structured = std::move(structured);
      return r;
    }
    if (clock.Now() - start >= timeout_s * 1000) {
      ToolResult r = ErrorResult(command, text + "error: timed out waiting for the condition\n");
      r.structured = std::move(structured);
      return r;
    }
    clock.Sleep(kPollInterval);
  }
}

}  // namespace

std::unique_ptr<Tool> MakeRolloutStatusTool() {
  return std::make_unique<FunctionTool>(
      "kubernetes.rollout_status",
      "Wait for a deployment's rollout to finish, as `kubectl rollout status` does, printing "
      "each progress line (\"2 of 4 updated replicas are available...\") until \"successfully "
      "rolled out\" or the timeout (default 600s). wait=false checks once. Structured output: "
      "{done, lines, replicas, updated_replicas, ready_replicas, available_replicas, "
      "waited_seconds, ...}.",
      ObjectSchema({{"name", StringProp("Deployment name.")},
                    {"namespace", StringProp("Namespace.")},
                    {"timeout_seconds", IntProp("Give up after this many seconds (default 600).", 1, 86400)},
                    {"wait", BoolProp("Wait for completion (default true); false checks once.")}},
                   {"name", "namespace"}),
      kReadOnly, RolloutStatus);
}

}  // namespace kf
