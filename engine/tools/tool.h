// The Tool seam: one typed operation an agent can invoke. One catalog serves
// the builtin agent, the LLM agent, the MCP server and the API facade's
// recording.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

class ClusterBackend;
class MetricsBackend;

// MCP tool annotations (modelcontextprotocol.io, "Tool annotations").
struct ToolAnnotations {
  bool read_only = true;     // readOnlyHint
  bool destructive = false;  // destructiveHint (meaningful when !read_only)
  bool idempotent = true;    // idempotentHint
};

// What a tool call returns. A tool error (bad argument, NotFound, ...) is a
// result with is_error set and the message as text, never a crash: it goes
// back to the agent, which may correct itself.
struct ToolResult {
  // The kubectl-equivalent command(s), e.g.
  // "kubectl get pods -n production -l app=payment-service"; empty when none.
  std::string command;
  // For a model and a person: what that command would print.
  std::string text;
  // The same content as structured JSON.
  Json structured;
  bool is_error = false;
};

// Everything a tool runs against. Not owned.
struct ToolContext {
  ClusterBackend* cluster = nullptr;
  MetricsBackend* metrics = nullptr;  // may be null: prometheus.* tools then fail cleanly
};

class Tool {
 public:
  virtual ~Tool() = default;
  virtual const std::string& name() const = 0;         // "kubernetes.list_pods"
  virtual const std::string& description() const = 0;  // one paragraph, for models
  virtual const Json& input_schema() const = 0;        // JSON Schema (draft 2020-12 subset)
  virtual ToolAnnotations annotations() const = 0;
  // REQUIRES: args validated against input_schema() (ToolCatalog::Invoke
  // does that). Never throws.
  virtual ToolResult Run(const Json& args, const ToolContext& ctx) const = 0;
};

// The set of tools, in a stable order (by name).
class ToolCatalog {
 public:
  // The standard catalog: every kubernetes.* and prometheus.* tool.
  static const ToolCatalog& Default();

  void Add(std::unique_ptr<Tool> tool);
  const Tool* Find(const std::string& name) const;  // nullptr when unknown
  const std::vector<std::unique_ptr<Tool>>& tools() const { return tools_; }

  // Validates args against the tool's schema, then runs it. Unknown tools and
  // invalid arguments give an is_error result whose text says what is wrong,
  // e.g. "unknown tool \"kubernetes.nope\"" or
  // "invalid arguments for kubernetes.scale: replicas: expected integer, got string".
  ToolResult Invoke(const std::string& name, const Json& args, const ToolContext& ctx) const;

 private:
  std::vector<std::unique_ptr<Tool>> tools_;
};

}  // namespace kf
