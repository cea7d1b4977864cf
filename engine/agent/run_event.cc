#include "engine/agent/run_event.h"

namespace kf::agent {

const char* RunOutcomeName(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::kPassed: return "passed";
    case RunOutcome::kVerificationFailed: return "verification_failed";
    case RunOutcome::kStoppedAtGate: return "stopped_at_gate";
    case RunOutcome::kDenied: return "denied";
    case RunOutcome::kNoAction: return "no_action";
    case RunOutcome::kBudgetExhausted: return "budget_exhausted";
    case RunOutcome::kError: return "error";
  }
  return "unknown";
}

Json ToJson(const Report& r) {
  return Json{{"outcome", RunOutcomeName(r.outcome)}, {"root_cause", r.root_cause},
              {"change", r.change},                   {"highlights", r.highlights},
              {"follow_up", r.follow_up},             {"message", r.message},
              {"failed_verifications", r.failed_verifications}};
}

namespace {

struct TypeName {
  const char* operator()(const RunStarted&) const { return "run_started"; }
  const char* operator()(const PhaseChanged&) const { return "phase"; }
  const char* operator()(const ToolCalled&) const { return "tool_call"; }
  const char* operator()(const ToolReturned&) const { return "tool_result"; }
  const char* operator()(const ActionRefused&) const { return "refused"; }
  const char* operator()(const AssessmentMade&) const { return "assessment"; }
  const char* operator()(const ApprovalRequested&) const { return "approval_request"; }
  const char* operator()(const DecisionMade&) const { return "decision"; }
  const char* operator()(const CheckDone&) const { return "check"; }
  const char* operator()(const VerdictReached&) const { return "verdict"; }
  const char* operator()(const ReportMade&) const { return "report"; }
  const char* operator()(const RunError&) const { return "error"; }
  const char* operator()(const ModelExchanged&) const { return "model_exchange"; }
};

struct BodyJson {
  bool result_content = true;  // a tool result's text and structured result

  Json operator()(const RunStarted& b) const {
    return {{"scenario", b.scenario}, {"prompt", b.prompt}, {"agent", b.agent}, {"seed", b.seed}};
  }
  Json operator()(const PhaseChanged& b) const {
    return {{"from", b.initial ? "" : PhaseName(b.from)}, {"to", PhaseName(b.to)}, {"reason", b.reason}};
  }
  Json operator()(const ToolCalled& b) const {
    return {{"call", ToJson(b.call)}, {"by_engine", b.by_engine}};
  }
  Json operator()(const ToolReturned& b) const {
    Json j = {{"call", ToJson(b.call)}, {"command", b.result.command}, {"is_error", b.result.is_error}};
    if (result_content) {
      j["text"] = b.result.text;
      j["structured"] = b.result.structured;
    }
    return j;
  }
  Json operator()(const ActionRefused& b) const { return {{"action", b.action}, {"reason", b.reason}}; }
  Json operator()(const AssessmentMade& b) const { return {{"assessment", ToJson(b.assessment)}}; }
  Json operator()(const ApprovalRequested& b) const { return {{"proposal", ToJson(b.proposal)}}; }
  Json operator()(const DecisionMade& b) const { return {{"decision", ToJson(b.decision)}}; }
  Json operator()(const CheckDone& b) const { return {{"check", ToJson(b.check)}}; }
  Json operator()(const VerdictReached& b) const {
    return {{"verdict", b.verification.passed ? "PASSED" : "FAILED"},
            {"verification", ToJson(b.verification)}};
  }
  Json operator()(const ReportMade& b) const { return {{"report", ToJson(b.report)}}; }
  Json operator()(const RunError& b) const {
    return {{"code", StatusCodeName(b.status.code())}, {"message", b.status.message()}};
  }
  Json operator()(const ModelExchanged& b) const {
    Json j = {{"provider", b.provider},         {"model", b.model},
              {"request", b.request},           {"response", b.response},
              {"input_tokens", b.input_tokens}, {"output_tokens", b.output_tokens},
              {"cost_usd", b.cost_usd},         {"priced", b.priced},
              {"latency_ms", b.latency_ms},     {"attempts", b.attempts}};
    if (!b.error.ok()) j["error"] = {{"code", StatusCodeName(b.error.code())}, {"message", b.error.message()}};
    return j;
  }
};

}  // namespace

const char* EventTypeName(const RunEvent& e) { return std::visit(TypeName{}, e.body); }

namespace {

Json EventJson(const RunEvent& e, bool result_content) {
  Json j = std::visit(BodyJson{result_content}, e.body);
  j["seq"] = e.seq;
  j["type"] = EventTypeName(e);
  j["step"] = e.step;
  j["phase"] = PhaseName(e.phase);
  j["iteration"] = e.iteration;
  j["time"] = FormatRfc3339(e.time);
  return j;
}

}  // namespace

Json ToJson(const RunEvent& e) { return EventJson(e, true); }

Json ToJsonWithoutResultContent(const RunEvent& e) { return EventJson(e, false); }

}  // namespace kf::agent
