#include "engine/agent/recording_decode.h"

#include <stdexcept>

namespace kf::agent {

namespace {

// Field access that throws DecodeError naming the path; caught at the API.
struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const Json& Field(const Json& j, const std::string& key, const std::string& path) {
  if (!j.is_object()) throw DecodeError(path + ": expected object");
  auto it = j.find(key);
  if (it == j.end()) throw DecodeError(path + (path.empty() ? "" : ".") + key + ": missing");
  return *it;
}

std::string Str(const Json& j, const std::string& key, const std::string& path = "") {
  const Json& v = Field(j, key, path);
  if (!v.is_string()) throw DecodeError(path + (path.empty() ? "" : ".") + key + ": expected string");
  return v.get<std::string>();
}

int Int(const Json& j, const std::string& key, const std::string& path = "") {
  const Json& v = Field(j, key, path);
  if (!v.is_number_integer()) throw DecodeError(path + (path.empty() ? "" : ".") + key + ": expected integer");
  return v.get<int>();
}

bool Bool(const Json& j, const std::string& key, const std::string& path = "") {
  const Json& v = Field(j, key, path);
  if (!v.is_boolean()) throw DecodeError(path + (path.empty() ? "" : ".") + key + ": expected boolean");
  return v.get<bool>();
}

const Json& Arr(const Json& j, const std::string& key, const std::string& path = "") {
  const Json& v = Field(j, key, path);
  if (!v.is_array()) throw DecodeError(path + (path.empty() ? "" : ".") + key + ": expected array");
  return v;
}

std::vector<std::string> Strings(const Json& j, const std::string& key, const std::string& path) {
  std::vector<std::string> out;
  for (const Json& s : Arr(j, key, path)) {
    if (!s.is_string()) throw DecodeError(path + "." + key + ": expected strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

Phase PhaseOf(const std::string& name) {
  Result<Phase> p = ParsePhase(name);
  if (!p.ok()) throw DecodeError(p.status().message());
  return *p;
}

ToolCall Call(const Json& j, const std::string& path) {
  ToolCall c;
  c.name = Str(j, "name", path);
  c.args = Field(j, "args", path);
  return c;
}

Option OptionOf(const Json& j, const std::string& path) {
  Option o;
  o.title = Str(j, "title", path);
  o.call = Call(Field(j, "call", path), path + ".call");
  o.rationale = Str(j, "rationale", path);
  o.action = Str(j, "action", path);
  o.target_kind = Str(j, "target_kind", path);
  o.target_name = Str(j, "target_name", path);
  o.ns = Str(j, "namespace", path);
  for (const Json& c : Arr(j, "changes", path)) {
    o.changes.push_back({Str(c, "path", path + ".changes"), Str(c, "before", path + ".changes"),
                         Str(c, "after", path + ".changes")});
  }
  o.consequence = Str(j, "consequence", path);
  return o;
}

Assessment AssessmentOf(const Json& j) {
  const std::string path = "assessment";
  Assessment a;
  const Json& rc = Field(j, "root_cause", path);
  a.root_cause.summary = Str(rc, "summary", "assessment.root_cause");
  a.root_cause.category = Str(rc, "category", "assessment.root_cause");
  a.root_cause.resource = Str(rc, "resource", "assessment.root_cause");
  a.root_cause.ns = Str(rc, "namespace", "assessment.root_cause");
  a.impact = Str(j, "impact", path);
  for (const Json& e : Arr(j, "evidence", path)) {
    a.evidence.push_back({Int(e, "step", "assessment.evidence"), Str(e, "summary", "assessment.evidence")});
  }
  for (const Json& o : Arr(j, "options", path)) a.options.push_back(OptionOf(o, "assessment.options"));
  a.follow_up = Str(j, "follow_up", path);
  return a;
}

Proposal ProposalOf(const Json& j) {
  Proposal p;
  p.step = Int(j, "step", "proposal");
  p.summary = Str(j, "summary", "proposal");
  for (const Json& o : Arr(j, "options", "proposal")) p.options.push_back(OptionOf(o, "proposal.options"));
  return p;
}

Decision DecisionOf(const Json& j) {
  Decision d;
  const std::string kind = Str(j, "kind", "decision");
  if (kind == "approve") {
    d.kind = Decision::Kind::kApprove;
  } else if (kind == "deny") {
    d.kind = Decision::Kind::kDeny;
  } else if (kind == "defer") {
    d.kind = Decision::Kind::kDefer;
  } else {
    throw DecodeError("decision.kind: unknown \"" + kind + "\"");
  }
  d.option = Int(j, "option", "decision");
  d.reason = Str(j, "reason", "decision");
  d.decided_by = Str(j, "decided_by", "decision");
  return d;
}

Check CheckOf(const Json& j, const std::string& path) {
  Check c;
  c.name = Str(j, "name", path);
  c.passed = Bool(j, "passed", path);
  c.evidence = Str(j, "evidence", path);
  for (const Json& s : Arr(j, "steps", path)) {
    if (!s.is_number_integer()) throw DecodeError(path + ".steps: expected integers");
    c.steps.push_back(s.get<int>());
  }
  return c;
}

Verification VerificationOf(const Json& j) {
  Verification v;
  for (const Json& c : Arr(j, "checks", "verification")) v.checks.push_back(CheckOf(c, "verification.checks"));
  v.passed = Bool(j, "passed", "verification");
  v.summary = Str(j, "summary", "verification");
  v.highlights = Strings(j, "highlights", "verification");
  return v;
}

RunOutcome OutcomeOf(const std::string& name) {
  for (RunOutcome o : {RunOutcome::kPassed, RunOutcome::kVerificationFailed, RunOutcome::kStoppedAtGate,
                       RunOutcome::kDenied, RunOutcome::kNoAction, RunOutcome::kBudgetExhausted,
                       RunOutcome::kError}) {
    if (name == RunOutcomeName(o)) return o;
  }
  throw DecodeError("report.outcome: unknown \"" + name + "\"");
}

Report ReportOf(const Json& j) {
  Report r;
  r.outcome = OutcomeOf(Str(j, "outcome", "report"));
  r.root_cause = Str(j, "root_cause", "report");
  r.change = Str(j, "change", "report");
  r.highlights = Strings(j, "highlights", "report");
  r.follow_up = Str(j, "follow_up", "report");
  r.message = Str(j, "message", "report");
  r.failed_verifications = Int(j, "failed_verifications", "report");
  return r;
}

StatusCode CodeOf(const std::string& name) {
  StatusCode code;
  if (StatusCodeFromName(name, &code)) return code;
  throw DecodeError("code: unknown \"" + name + "\"");
}

ToolResult ResultOf(const Json& j) {
  ToolResult r;
  r.command = Str(j, "command");
  r.text = Str(j, "text");
  r.structured = Field(j, "structured", "");
  r.is_error = Bool(j, "is_error");
  return r;
}

RunEventBody BodyOf(const std::string& type, const Json& j) {
  if (type == "run_started") {
    const Json& seed = Field(j, "seed", "");
    if (!seed.is_number_unsigned()) throw DecodeError("seed: expected unsigned integer");
    return RunStarted{Str(j, "scenario"), Str(j, "prompt"), Str(j, "agent"), seed.get<uint64_t>()};
  }
  if (type == "phase") {
    const std::string from = Str(j, "from");
    PhaseChanged b;
    b.initial = from.empty();
    b.to = PhaseOf(Str(j, "to"));
    b.from = b.initial ? b.to : PhaseOf(from);
    b.reason = Str(j, "reason");
    return b;
  }
  if (type == "tool_call") return ToolCalled{Call(Field(j, "call", ""), "call"), Bool(j, "by_engine")};
  if (type == "tool_result") return ToolReturned{Call(Field(j, "call", ""), "call"), ResultOf(j)};
  if (type == "refused") return ActionRefused{Str(j, "action"), Str(j, "reason")};
  if (type == "assessment") return AssessmentMade{AssessmentOf(Field(j, "assessment", ""))};
  if (type == "approval_request") return ApprovalRequested{ProposalOf(Field(j, "proposal", ""))};
  if (type == "decision") {
    DecisionMade d;
    d.decision = DecisionOf(Field(j, "decision", ""));
    return d;
  }
  if (type == "check") return CheckDone{CheckOf(Field(j, "check", ""), "check")};
  if (type == "verdict") return VerdictReached{VerificationOf(Field(j, "verification", ""))};
  if (type == "report") return ReportMade{ReportOf(Field(j, "report", ""))};
  if (type == "error") return RunError{Status(CodeOf(Str(j, "code")), Str(j, "message"))};
  throw std::out_of_range(type);
}

template <typename T, typename F>
Result<T> Decode(const std::string& what, F&& f) {
  try {
    return f();
  } catch (const DecodeError& e) {
    return InvalidArgument(what + ": " + e.what());
  } catch (const Json::exception& e) {
    return InvalidArgument(what + ": " + e.what());
  }
}

}  // namespace

Result<Phase> ParsePhase(const std::string& name) {
  for (Phase p : {Phase::kInvestigate, Phase::kAssess, Phase::kApprove, Phase::kExecute, Phase::kVerify,
                  Phase::kReport}) {
    if (name == PhaseName(p)) return p;
  }
  return InvalidArgument("unknown phase \"" + name + "\"");
}

Result<RunEvent> RunEventFromJson(const Json& payload) {
  if (!payload.is_object() || !payload.contains("type") || !payload["type"].is_string()) {
    return InvalidArgument("event: type: missing");
  }
  const std::string type = payload["type"].get<std::string>();
  try {
    RunEvent e;
    e.body = BodyOf(type, payload);
    e.seq = Int(payload, "seq");
    e.step = Int(payload, "step");
    e.phase = PhaseOf(Str(payload, "phase"));
    e.iteration = Int(payload, "iteration");
    if (!ParseRfc3339(Str(payload, "time"), &e.time)) throw DecodeError("time: not RFC 3339");
    return e;
  } catch (const std::out_of_range&) {
    return NotFound("event type \"" + type + "\" is not known to this kubeflight");
  } catch (const DecodeError& e) {
    return InvalidArgument(type + " event: " + e.what());
  } catch (const Json::exception& e) {
    return InvalidArgument(type + " event: " + e.what());
  }
}

Result<ToolCall> ToolCallFromJson(const Json& j) {
  return Decode<ToolCall>("tool call", [&] { return Call(j, "call"); });
}

Result<ToolResult> ToolResultFromEventJson(const Json& payload) {
  return Decode<ToolResult>("tool_result event", [&] { return ResultOf(payload); });
}

Result<Decision> DecisionFromJson(const Json& j) {
  return Decode<Decision>("decision event", [&] { return DecisionOf(j); });
}

Result<Option> OptionFromJson(const Json& j) {
  return Decode<Option>("option", [&] { return OptionOf(j, "option"); });
}

}  // namespace kf::agent
