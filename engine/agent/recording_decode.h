// Reading recorded run events back into typed values: the inverse of
// agent::ToJson(RunEvent) for the event kinds this engine knows. Used by
// `runs show` (to print a recording as `run` prints it) and by replay (to
// feed recorded tool results and decisions to the loop).
#pragma once

#include "engine/agent/run_event.h"
#include "engine/core/status.h"

namespace kf::agent {

// The event of a recorded payload (ToJson(RunEvent)). NotFound when its type
// is not one of EventTypeName's (an event kind this build does not decode);
// InvalidArgument naming the field when the payload is malformed:
// "tool_result event: call.name: missing".
Result<RunEvent> RunEventFromJson(const Json& payload);

// The parts replay needs.
Result<ToolCall> ToolCallFromJson(const Json& j);
Result<ToolResult> ToolResultFromEventJson(const Json& payload);  // a "tool_result" payload
Result<Decision> DecisionFromJson(const Json& j);
Result<Option> OptionFromJson(const Json& j);

// Phase by name ("INVESTIGATE"); InvalidArgument otherwise.
Result<Phase> ParsePhase(const std::string& name);

}  // namespace kf::agent
