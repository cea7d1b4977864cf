#include <algorithm>
#include <exception>

#include "engine/tools/builtin_tools.h"
#include "engine/tools/schema_validator.h"
#include "engine/tools/tool.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

ToolCatalog BuildDefault() {
  ToolCatalog c;
  c.Add(MakeListPodsTool());
  c.Add(MakeGetPodLogsTool());
  c.Add(MakeTopPodsTool());
  c.Add(MakeGetEventsTool());
  c.Add(MakeDescribeTool());
  c.Add(MakeGetResourceTool());
  c.Add(MakeRolloutHistoryTool());
  c.Add(MakeRolloutStatusTool());
  c.Add(MakePatchResourceTool());
  c.Add(MakeRolloutUndoTool());
  c.Add(MakeRolloutRestartTool());
  c.Add(MakeScaleTool());
  c.Add(MakeSetImageTool());
  c.Add(MakeDeletePodTool());
  c.Add(MakePrometheusQueryTool());
  c.Add(MakePrometheusQueryRangeTool());
  return c;
}

}  // namespace

const ToolCatalog& ToolCatalog::Default() {
  static const ToolCatalog* catalog = new ToolCatalog(BuildDefault());
  return *catalog;
}

void ToolCatalog::Add(std::unique_ptr<Tool> tool) {
  auto pos = std::lower_bound(tools_.begin(), tools_.end(), tool->name(),
                              [](const std::unique_ptr<Tool>& t, const std::string& name) {
                                return t->name() < name;
                              });
  if (pos != tools_.end() && (*pos)->name() == tool->name()) {
    *pos = std::move(tool);  // a later Add replaces a tool of the same name
    return;
  }
  tools_.insert(pos, std::move(tool));
}

const Tool* ToolCatalog::Find(const std::string& name) const {
  for (const auto& t : tools_) {
    if (t->name() == name) return t.get();
  }
  return nullptr;
}

ToolResult ToolCatalog::Invoke(const std::string& name, const Json& args,
                               const ToolContext& ctx) const {
  const Tool* tool = Find(name);
  if (!tool) return ErrorResult("", "unknown tool \"" + name + "\"");
  const Json effective = args.is_null() ? Json::object() : args;
  if (Status s = ValidateJson(tool->input_schema(), effective); !s.ok()) {
    return ErrorResult("", "invalid arguments for " + name + ": " + s.message());
  }
  if (!ctx.cluster && name.rfind("kubernetes.", 0) == 0) {
    return ErrorResult("", "kubernetes is not configured");
  }
  // Tools never throw; this keeps a bug in one (e.g. a JSON type error on an
  // odd object from a live cluster) from crossing the module boundary.
  try {
    return tool->Run(effective, ctx);
  } catch (const std::exception& e) {
    return ErrorResult("", "internal error in " + name + ": " + e.what());
  }
}

}  // namespace kf
