// Building blocks shared by the tools in this folder. Not part of the public
// tool API (tool.h is); other modules should not include this.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/tools/cluster_backend.h"
#include "engine/tools/tool.h"

namespace kf {

// A Tool assembled from its parts; Run calls `run`.
class FunctionTool final : public Tool {
 public:
  using RunFn = std::function<ToolResult(const Json& args, const ToolContext& ctx)>;
  FunctionTool(std::string name, std::string description, Json input_schema,
               ToolAnnotations annotations, RunFn run)
      : name_(std::move(name)),
        description_(std::move(description)),
        schema_(std::move(input_schema)),
        annotations_(annotations),
        run_(std::move(run)) {}

  const std::string& name() const override { return name_; }
  const std::string& description() const override { return description_; }
  const Json& input_schema() const override { return schema_; }
  ToolAnnotations annotations() const override { return annotations_; }
  ToolResult Run(const Json& args, const ToolContext& ctx) const override { return run_(args, ctx); }

 private:
  std::string name_;
  std::string description_;
  Json schema_;
  ToolAnnotations annotations_;
  RunFn run_;
};

inline constexpr ToolAnnotations kReadOnly{true, false, true};

// --- schema construction ---------------------------------------------------
Json StringProp(std::string_view description);
Json IntProp(std::string_view description, int64_t minimum, int64_t maximum = -1);
Json BoolProp(std::string_view description);
Json EnumProp(std::string_view description, std::initializer_list<const char*> values);
// {"type":"object","properties":...,"required":[...],"additionalProperties":false}
Json ObjectSchema(Json properties, std::initializer_list<const char*> required);

// --- arguments (REQUIRES: validated against the tool's schema) --------------
std::string ArgString(const Json& args, const char* key, std::string fallback = "");
int64_t ArgInt(const Json& args, const char* key, int64_t fallback);
bool ArgBool(const Json& args, const char* key, bool fallback);

// --- results -----------------------------------------------------------------
// An is_error result whose text is `text`.
ToolResult ErrorResult(std::string command, std::string text);
// An is_error result with kubectl's rendering of a backend error.
ToolResult StatusResult(std::string command, const Status& status);
// How kubectl prints an API error:
//   NotFound            Error from server (NotFound): pods "x" not found
//   Conflict            Error from server (Conflict): ...
//   InvalidArgument     Error from server (BadRequest): ...
//   PermissionDenied    Error from server (Forbidden): ...
//   Unauthenticated     error: You must be logged in to the server (Unauthorized)
//   Unavailable         Error from server (ServiceUnavailable): ...
//   FailedPrecondition  error: ...   (client-side refusals)
std::string KubectlErrorText(const Status& status);

// --- command strings -----------------------------------------------------------
// Single-quotes a shell word when it holds anything beyond [A-Za-z0-9_./:=,@+-].
std::string ShellQuote(std::string_view word);
// " -n NS", or "" for an empty namespace.
std::string NamespaceFlag(const std::string& ns);
// For list commands, where an empty namespace means every namespace: " -A",
// else " -n NS".
std::string ListNamespaceFlag(const std::string& ns);

// --- Kubernetes objects ----------------------------------------------------------
// A label selector object ({"matchLabels":{...},"matchExpressions":[...]})
// as selector text: "app=payment-service,tier in (a,b)".
std::string SelectorString(const Json& label_selector);
// object["metadata"], or an empty object when absent (const operator[] on a
// missing key is undefined behaviour in nlohmann::json).
const Json& Metadata(const Json& object);
// Annotation value, or "" when absent.
std::string Annotation(const Json& object, const std::string& key);
// {"apiVersion":..., "kind": kind + "List", "items": [object]}: how one object
// is wrapped for a table renderer.
Json SingleItemList(const Json& object);
// A copy of an API list with metadata.namespace set to ns, which the
// renderers read for "No resources found in NS namespace." (API lists carry
// no namespace); an empty ns (every namespace) sets metadata.allNamespaces
// instead, which renders kubectl -A's NAMESPACE column.
Json ListInNamespace(const Json& list, const std::string& ns);
// When an event last happened: lastTimestamp, else eventTime, else its
// creation time; 0 when none parses.
UnixMillis EventLastSeen(const Json& event);
// Sorts a list's items by EventLastSeen, oldest first (stable).
void SortEventsByLastSeen(Json* event_list);

}  // namespace kf
