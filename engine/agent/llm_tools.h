// What the LLM agent offers a model, and how it reads what the model asks
// for. The catalog's read-only tools investigate; three structured tools
// move the loop on:
//
//   submit_assessment   root cause, impact, evidence (cited steps) and
//                       options, each option one concrete mutating tool call
//   submit_verification named checks with evidence (cited steps) and a verdict
//   finish              end the run without (further) change
//
// Mutating catalog tools are never offered as callable tools; they appear in
// the system prompt as what an option may call. A model that calls one
// anyway is passed to the loop, which turns the call into a proposal.
#pragma once

#include <string>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/llm/chat.h"
#include "engine/tools/tool.h"

namespace kf::agent::llm_tools {

inline constexpr char kSubmitAssessment[] = "submit_assessment";
inline constexpr char kSubmitVerification[] = "submit_verification";
inline constexpr char kFinish[] = "finish";

// The tools offered in `phase`, in a stable order: the catalog's read-only
// tools (by name), then submit_assessment (INVESTIGATE, ASSESS) or
// submit_verification (VERIFY), then finish.
std::vector<llm::ToolSpec> OfferedTools(const ToolCatalog& catalog, Phase phase);

// The mutating tools an assessment option may call (by name).
std::vector<const Tool*> MutatingTools(const ToolCatalog& catalog);

// Reads one model tool call into a loop action. Errors (InvalidArgument)
// are for the model, which may correct itself; the message says what is
// wrong and how to fix it:
//   the arguments of kubernetes.list_pods are not valid JSON (...); send one JSON object
//   unknown tool "kubernetes.nope"; the tools are: ...
//   invalid arguments for kubernetes.list_pods: missing required property "namespace"
//   submit_assessment: options[0]: tool kubernetes.list_pods is read-only; an option must be a change
// Catalog tool calls are checked against the tool's schema here, so the
// loop only sees well-formed calls.
Result<AgentAction> ReadAction(const llm::ToolCall& call, const ToolCatalog& catalog);

}  // namespace kf::agent::llm_tools
