// DefaultPreview: the loop's view of engine/tools/mutation_preview.h.
#include "engine/agent/loop.h"
#include "engine/core/strings.h"
#include "engine/tools/mutation_preview.h"

namespace kf::agent {

namespace {

std::string Value(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

Status DefaultPreview(Option* option, const ToolContext& ctx) {
  Result<MutationPreview> p = PreviewMutation(option->call.name, option->call.args, ctx);
  if (!p.ok()) return p.status();
  if (p->no_op) return FailedPrecondition("the change is a no-op: " + p->action);
  option->action = p->action;
  option->target_kind = ToLower(p->kind);
  option->target_name = p->name;
  option->ns = p->ns;
  option->consequence = p->consequence;
  option->changes.clear();
  for (const PreviewChange& c : p->changes) {
    option->changes.push_back({c.path, Value(c.before), Value(c.after)});
  }
  return Status::Ok();
}

}  // namespace kf::agent
