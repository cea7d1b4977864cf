#include "engine/eval/mutations.h"

#include <map>

namespace kf::eval {

std::string FixActionOf(const std::string& tool) {
  static const std::map<std::string, std::string> kActions = {
      {"kubernetes.patch_resource", "patch"},   {"kubernetes.rollout_undo", "rollout_undo"},
      {"kubernetes.scale", "scale"},            {"kubernetes.set_image", "set_image"},
      {"kubernetes.rollout_restart", "rollout_restart"}, {"kubernetes.delete_pod", "delete"},
      // Writes of a `kubeflight serve` session (serve_session.h) that no tool of ours makes.
      {"kubernetes.delete_resource", "delete"}, {"kubernetes.create_resource", "create"},
  };
  auto it = kActions.find(tool);
  return it == kActions.end() ? "" : it->second;
}

namespace {

// The approval step whose approved option is exactly `call`: the latest
// approval before `before` that approved an option equal to it.
int ApprovalFor(const agent::Transcript& t, size_t before, const agent::ToolCall& call) {
  for (size_t i = before; i-- > 0;) {
    const agent::Step& s = t[i];
    if (s.kind != agent::Step::Kind::kApproval || s.decision.kind != agent::Decision::Kind::kApprove) continue;
    const int k = s.decision.option;
    if (k >= 1 && static_cast<size_t>(k) <= s.proposal.options.size() &&
        s.proposal.options[k - 1].call == call) {
      return s.number;
    }
  }
  return 0;
}

}  // namespace

std::vector<ExecutedMutation> ExecutedMutations(const agent::Transcript& t) {
  std::vector<ExecutedMutation> out;
  for (size_t i = 0; i < t.size(); ++i) {
    const agent::Step& s = t[i];
    if (s.kind != agent::Step::Kind::kToolCall) continue;
    std::string action = FixActionOf(s.call.name);
    if (action.empty()) continue;
    ExecutedMutation m;
    m.step = s.number;
    m.time = s.time;
    m.tool = s.call.name;
    m.action = std::move(action);
    m.args = s.call.args;
    const Json& r = s.result.structured;
    m.kind = r.is_object() ? JsonString(r, "kind") : "";
    if (m.kind.empty()) m.kind = s.call.name == "kubernetes.delete_pod" ? "Pod" : JsonString(m.args, "kind");
    m.ns = r.is_object() && r.contains("namespace") ? JsonString(r, "namespace") : JsonString(m.args, "namespace");
    m.name = r.is_object() && r.contains("name") ? JsonString(r, "name") : JsonString(m.args, "name");
    m.succeeded = !s.result.is_error;
    m.changed = r.is_object() && r.value("changed", false);
    m.approval_step = ApprovalFor(t, i, s.call);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace kf::eval
