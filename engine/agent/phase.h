// The phases of the Plan → Execute → Verify loop. The loop (loop.h) owns the
// phase; an agent only asks for actions, and the engine decides what each
// action is allowed to do in the current phase:
//
//   INVESTIGATE  read-only tools only
//   ASSESS       the agent's assessment is recorded and its options previewed
//   APPROVE      the gate decides; nothing mutates before a recorded approval
//   EXECUTE      exactly the approved call runs, then the engine waits for it
//   VERIFY       read-only tools, then a verdict; FAILED goes back to INVESTIGATE
//   REPORT       the final report
#pragma once

namespace kf::agent {

enum class Phase {
  kInvestigate,
  kAssess,
  kApprove,
  kExecute,
  kVerify,
  kReport,
};

// "INVESTIGATE", "ASSESS", ...
const char* PhaseName(Phase phase);

// Whether a tool with the given read-only annotation may run in `phase`
// without an approval: read-only tools in INVESTIGATE, ASSESS, EXECUTE and
// VERIFY. Mutating tools never may: they run only as the
// approved call of EXECUTE, which the loop issues itself.
bool PhaseAllowsTool(Phase phase, bool read_only);

}  // namespace kf::agent
