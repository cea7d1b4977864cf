// Small pieces every verification planner of the builtin agent uses
// (verification.cc, pod_evidence.cc, net_verify.cc, hpa_evidence.cc,
// node_evidence.cc): building a Check, asking whether a call was already
// made, finding the assessment of an iteration, submitting the checks.
#pragma once

#include <string>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/agent/transcript.h"

namespace kf::agent {

// A named check; `step` > 0 is cited as its evidence step.
Check MakeCheck(const char* name, bool passed, std::string evidence, int step);

// True when `scope` holds a tool-call step of exactly `call`.
bool CallDone(const std::vector<const Step*>& scope, const ToolCall& call);

// The last assessment submitted in `iteration`; nullptr when none.
const Assessment* LastAssessmentOf(const Transcript& t, int iteration);

// The verification action for v.checks: a highlight line per check, passed
// when every check passed, the summary naming each failed check.
AgentAction SubmitChecks(Verification v);

}  // namespace kf::agent
