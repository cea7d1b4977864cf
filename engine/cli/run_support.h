// Helpers shared by the commands that run the loop (run, resume, replay's
// what-if): the approval gate from --approve, and exit codes for outcomes.
#pragma once

#include <memory>
#include <string>

#include "engine/agent/approval_gate.h"
#include "engine/agent/run_event.h"
#include "engine/core/status.h"

namespace kf::cli {

// --approve=VALUE → PolicyGate; no value and a terminal on stdin → the
// terminal prompt (on stderr when json, so JSON output stays clean); else
// NoTerminalGate. InvalidArgument for a bad value (PolicyGate::Parse).
Result<std::unique_ptr<agent::ApprovalGate>> MakeGate(const std::string& approve, bool json);

// docs/cli.md: passed/no_action 0, verification_failed 3, stopped_at_gate 4,
// denied 5, error/budget 1.
int ExitCodeFor(agent::RunOutcome outcome);

}  // namespace kf::cli
