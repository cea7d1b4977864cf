// The words the LLM agent sends a model: the system prompt that explains the
// loop, the opening request, what each forwarded action produced (the new
// transcript steps, rendered), and notes on phase changes. Pure functions of
// their inputs, so a run's requests are reproducible and replayable.
#pragma once

#include <cstddef>
#include <string>

#include "engine/agent/agent.h"
#include "engine/tools/tool.h"

namespace kf::agent::llm_prompt {

// The system prompt: the loop and its rules, step citation, and the
// mutating tools (names, descriptions, argument schemas) that assessment
// options may call.
std::string SystemPrompt(const ToolCatalog& catalog);

// The first user message: the operator's request.
std::string OpeningMessage(const AgentContext& context);

// The first user message of an agent that takes over a run mid-way (a
// what-if: `replay --until N --agent MODEL`): the operator's request, the
// steps so far rendered as RenderSteps does (numbered, to cite), and what to
// do in the current phase.
std::string HandoffMessage(const AgentContext& context, const Transcript& transcript, size_t budget);

// `text` cut to `budget` bytes (on a UTF-8 boundary) with a note saying how
// much was cut and how to narrow the query; unchanged when it fits.
std::string CutToBudget(const std::string& text, size_t budget);

// What the steps transcript[from..] say to the model, as the result of the
// action that caused them: each step with its number (to cite), tool output
// cut to `budget`. Sets *is_error when the action itself failed (a tool
// error or a refusal).
std::string RenderSteps(const Transcript& transcript, size_t from, size_t budget, bool* is_error);

// What the model should do now that the loop is in `phase` (after a phase
// change): "Now in VERIFY: ...".
std::string PhaseNote(const AgentContext& context, const Transcript& transcript);

// The nudge after an answer without a tool call.
std::string NoToolCallNote(Phase phase, bool empty);

}  // namespace kf::agent::llm_prompt
