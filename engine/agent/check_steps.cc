#include "engine/agent/check_steps.h"

#include "engine/core/strings.h"

namespace kf::agent {

Check MakeCheck(const char* name, bool passed, std::string evidence, int step) {
  Check c;
  c.name = name;
  c.passed = passed;
  c.evidence = std::move(evidence);
  if (step > 0) c.steps.push_back(step);
  return c;
}

bool CallDone(const std::vector<const Step*>& scope, const ToolCall& call) {
  for (const Step* s : scope) {
    if (s->kind == Step::Kind::kToolCall && s->call == call) return true;
  }
  return false;
}

const Assessment* LastAssessmentOf(const Transcript& t, int iteration) {
  const Assessment* out = nullptr;
  for (const Step& s : t) {
    if (s.kind == Step::Kind::kAssessment && s.iteration == iteration) out = &s.assessment;
  }
  return out;
}

AgentAction SubmitChecks(Verification v) {
  std::vector<std::string> failed;
  for (const Check& c : v.checks) {
    if (!c.passed) failed.push_back(c.name + ": " + c.evidence);
    v.highlights.push_back(c.name + (c.passed ? " passed: " : " FAILED: ") + c.evidence);
  }
  v.passed = failed.empty();
  v.summary = failed.empty() ? "all checks passed" : Join(failed, "; ");
  return AgentAction::Verify(std::move(v));
}

}  // namespace kf::agent
