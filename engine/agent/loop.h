// The Plan → Execute → Verify loop, enforced by the engine (DESIGN.md, "The
// loop"). The loop owns the phase and decides what each agent action may do:
//
// - Read-only tools run freely in INVESTIGATE, ASSESS (after a denial),
//   EXECUTE and VERIFY.
// - A mutating tool never runs on an agent's request. Asking for one turns it
//   into a proposal for the gate (the request is recorded as refused). The
//   only mutation that runs is the approved option of a recorded approval,
//   issued by the loop itself in EXECUTE, exactly as approved; the loop then
//   waits for a workload's rollout (rollout status advances the virtual
//   clock), then lets the change settle (options.settle) before VERIFY.
// - submit_assessment: evidence must cite existing steps; options must be
//   mutating tool calls that preview cleanly. Then APPROVE.
// - Decisions: approve k → EXECUTE; deny → the agent must offer something
//   else or finish; defer → the run stops (kStoppedAtGate), resumable.
// - submit_verification (VERIFY only): the verdict is recomputed as the
//   conjunction of the checks (no checks is FAILED). PASSED → REPORT;
//   FAILED → back to INVESTIGATE, at most budgets.max_verification_loops
//   times.
// - Budgets: steps and virtual time; running out ends with kBudgetExhausted.
//
// Deterministic: no wall time, no randomness; time is the cluster's clock.
#pragma once

#include <functional>
#include <string>

#include "engine/agent/agent.h"
#include "engine/agent/approval_gate.h"
#include "engine/agent/run_event.h"
#include "engine/agent/transcript.h"
#include "engine/tools/tool.h"

namespace kf::agent {

struct Budgets {
  int max_steps = 80;
  DurationMs max_virtual_time = 2 * 60 * 60 * 1000;  // 2h
  int max_verification_loops = 3;
};

// Fills an option's preview (action, target, namespace, field changes,
// consequence) without changing anything. An error rejects the option.
using PreviewFn = std::function<Status(Option* option, const ToolContext& ctx)>;
// The standard preview: engine/tools/mutation_preview.h.
Status DefaultPreview(Option* option, const ToolContext& ctx);

struct LoopOptions {
  std::string scenario;  // for the run_started event
  std::string prompt;
  uint64_t seed = 0;
  Budgets budgets;
  // After an executed change (and its rollout), the loop lets the cluster
  // run this long (virtual time in simulation, real time live) before
  // VERIFY, so that checks see the change under load: a 5m rate() window of
  // traffic, usage metrics of the new pods, OOM kills that would recur.
  DurationMs settle = 5 * 60 * 1000;
  PreviewFn preview = DefaultPreview;
};

// Runs one tool call: what the loop calls instead of tools->Invoke when set
// (replay feeds recorded results through it, without a cluster).
// `by_engine`: the loop issues the call itself (an approved change in EXECUTE,
// or the rollout wait after it). Never throws; errors are is_error results.
using ToolInvoker =
    std::function<ToolResult(const ToolCall& call, bool by_engine, const ToolContext& ctx)>;
// Asked before each agent action; a non-OK status ends the run with kError
// and that status (replay stops at its first divergence through it).
using InterruptFn = std::function<Status()>;

// Everything the loop acts through. Not owned; all must outlive the run.
struct LoopEnv {
  Agent* agent = nullptr;
  ApprovalGate* gate = nullptr;
  const ToolCatalog* tools = nullptr;
  ToolContext ctx;                  // ctx.cluster is required: its clock is the run's clock
  RunObserver* observer = nullptr;  // may be null
  ToolInvoker invoke;               // null: tools->Invoke(call.name, call.args, ctx)
  InterruptFn interrupt;            // null: never interrupted
};

struct RunResult {
  RunOutcome outcome = RunOutcome::kError;
  Status error;  // set when outcome is kError or kBudgetExhausted
  Transcript transcript;
  Report report;
};

// Runs the loop to its end. Never throws; agent and tool errors end the run
// with kError (tool errors are results the agent sees, not run errors).
RunResult RunLoop(const LoopEnv& env, const LoopOptions& options);

}  // namespace kf::agent
