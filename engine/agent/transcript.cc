#include "engine/agent/transcript.h"

#include "engine/agent/agent.h"

namespace kf::agent {

bool ToolCall::operator==(const ToolCall& o) const {
  return name == o.name && args == o.args;
}

const char* DecisionKindName(Decision::Kind kind) {
  switch (kind) {
    case Decision::Kind::kApprove: return "approve";
    case Decision::Kind::kDeny: return "deny";
    case Decision::Kind::kDefer: return "defer";
  }
  return "unknown";
}

Json ToJson(const ToolCall& c) { return Json{{"name", c.name}, {"args", c.args}}; }

Json ToJson(const Option& o) {
  Json changes = Json::array();
  for (const FieldChange& f : o.changes) {
    changes.push_back({{"path", f.path}, {"before", f.before}, {"after", f.after}});
  }
  return Json{{"title", o.title},
              {"call", ToJson(o.call)},
              {"rationale", o.rationale},
              {"action", o.action},
              {"target_kind", o.target_kind},
              {"target_name", o.target_name},
              {"namespace", o.ns},
              {"changes", changes},
              {"consequence", o.consequence}};
}

Json ToJson(const Assessment& a) {
  Json evidence = Json::array();
  for (const EvidenceItem& e : a.evidence) evidence.push_back({{"step", e.step}, {"summary", e.summary}});
  Json options = Json::array();
  for (const Option& o : a.options) options.push_back(ToJson(o));
  return Json{{"root_cause",
               {{"summary", a.root_cause.summary},
                {"category", a.root_cause.category},
                {"resource", a.root_cause.resource},
                {"namespace", a.root_cause.ns}}},
              {"impact", a.impact},
              {"evidence", evidence},
              {"options", options},
              {"follow_up", a.follow_up}};
}

Json ToJson(const Proposal& p) {
  Json options = Json::array();
  for (const Option& o : p.options) options.push_back(ToJson(o));
  return Json{{"step", p.step}, {"summary", p.summary}, {"options", options}};
}

Json ToJson(const Decision& d) {
  return Json{{"kind", DecisionKindName(d.kind)},
              {"option", d.option},
              {"reason", d.reason},
              {"decided_by", d.decided_by}};
}

Json ToJson(const Check& c) {
  return Json{{"name", c.name}, {"passed", c.passed}, {"evidence", c.evidence}, {"steps", c.steps}};
}

Json ToJson(const Verification& v) {
  Json checks = Json::array();
  for (const Check& c : v.checks) checks.push_back(ToJson(c));
  return Json{{"checks", checks},
              {"passed", v.passed},
              {"summary", v.summary},
              {"highlights", v.highlights}};
}

AgentAction AgentAction::Call(std::string name, Json args) {
  AgentAction a;
  a.kind = Kind::kToolCall;
  a.call = ToolCall{std::move(name), std::move(args)};
  return a;
}

AgentAction AgentAction::Assess(Assessment assessment) {
  AgentAction a;
  a.kind = Kind::kSubmitAssessment;
  a.assessment = std::move(assessment);
  return a;
}

AgentAction AgentAction::Verify(Verification v) {
  AgentAction a;
  a.kind = Kind::kSubmitVerification;
  a.verification = std::move(v);
  return a;
}

AgentAction AgentAction::Finish(std::string message) {
  AgentAction a;
  a.kind = Kind::kFinish;
  a.message = std::move(message);
  return a;
}

}  // namespace kf::agent
