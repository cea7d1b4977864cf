#include "engine/agent/llm_prompt.h"

#include "engine/agent/llm_tools.h"
#include "engine/core/strings.h"

namespace kf::agent::llm_prompt {

namespace {

constexpr char kLoop[] =
    "You are the operations agent of kubeflight, responding to a Kubernetes incident. An engine runs "
    "the Plan -> Execute -> Verify loop and enforces its rules; you choose the actions.\n"
    "\n"
    "Phases:\n"
    "1. INVESTIGATE: gather evidence with the read-only tools (pods, events, logs, resources, usage, "
    "rollout history, Prometheus). Every result is a numbered step; cite step numbers as evidence.\n"
    "2. ASSESS: call submit_assessment with the root cause, impact, evidence (cited steps) and options, "
    "the recommended one first. Each option is one concrete call of a mutating tool listed below, with "
    "exact arguments.\n"
    "3. APPROVE: a person sees the exact change of each option and approves one, denies, or defers. "
    "Nothing changes before a recorded approval.\n"
    "4. EXECUTE: the engine itself runs exactly the approved call, waits for the rollout, then lets the "
    "change run under load.\n"
    "5. VERIFY: check the change with the read-only tools (pods ready, restarts, new OOM or other "
    "failure events, usage against the new limits, rollout status, latency), then call "
    "submit_verification with named checks, each with evidence citing steps. The verdict is PASSED only "
    "when every check passed; FAILED sends the loop back to INVESTIGATE with what you learned.\n"
    "\n"
    "Rules:\n"
    "- You cannot run a mutating tool yourself. Calling one outside an approved EXECUTE is refused and "
    "turned into a proposal for the person to approve; put changes in submit_assessment options instead.\n"
    "- Call tools; do not answer in plain text. Call finish to end the run when no change is needed or "
    "nothing more can be done.\n"
    "- Do not repeat a call with the same arguments: its result is already in the conversation.\n"
    "- Long outputs are cut; narrow the query (namespace, label_selector, tail_lines, jsonpath).\n"
    "- Prefer the smallest change that fixes the root cause; say what to follow up after the fix.\n";

std::string StepHeader(const Step& s) { return StrFormat("Step %d", s.number); }

std::string DecisionText(const Decision& d) {
  switch (d.kind) {
    case Decision::Kind::kApprove: return StrFormat("approved option %d (%s)", d.option, d.decided_by.c_str());
    case Decision::Kind::kDeny: return "denied (" + d.decided_by + "): " + d.reason;
    case Decision::Kind::kDefer: return "deferred (" + d.decided_by + "): " + d.reason;
  }
  return "";
}

std::string RenderApproval(const Step& s) {
  std::string out = StepHeader(s) + ": approval requested for:\n";
  for (size_t i = 0; i < s.proposal.options.size(); ++i) {
    const Option& o = s.proposal.options[i];
    out += StrFormat("  option %zu: %s (%s)\n", i + 1, o.title.c_str(), o.action.c_str());
  }
  out += "Decision: " + DecisionText(s.decision) + "\n";
  return out;
}

}  // namespace

std::string SystemPrompt(const ToolCatalog& catalog) {
  std::string out = kLoop;
  out += "\nMutating tools (for submit_assessment options only; \"tool\" is the name, \"arguments\" follow "
         "the schema):\n";
  for (const Tool* t : llm_tools::MutatingTools(catalog)) {
    out += "- " + t->name() + ": " + t->description() + "\n  arguments schema: " + CanonicalJson(t->input_schema()) +
           "\n";
  }
  return out;
}

std::string OpeningMessage(const AgentContext& context) {
  return "Incident request: " + context.prompt +
         "\n\nYou are in INVESTIGATE. Start by finding the affected workload and gather evidence with the "
         "read-only tools.";
}

std::string CutToBudget(const std::string& text, size_t budget) {
  if (text.size() <= budget) return text;
  size_t cut = budget;
  // Do not split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) +
         StrFormat("\n[output cut: %zu of %zu bytes shown. Narrow the query: a namespace or label_selector, "
                   "tail_lines for logs, a jsonpath for get_resource, a shorter range or an aggregation in "
                   "PromQL.]\n",
                   cut, text.size());
}

std::string RenderSteps(const Transcript& t, size_t from, size_t budget, bool* is_error) {
  *is_error = false;
  std::string out;
  for (size_t i = from; i < t.size(); ++i) {
    const Step& s = t[i];
    switch (s.kind) {
      case Step::Kind::kToolCall: {
        std::string head = StepHeader(s) + (s.by_engine ? " (run by the engine: " : " (") + s.call.name + ")";
        if (s.result.is_error) head += " failed";
        out += head + ":\n";
        if (!s.result.command.empty()) out += "$ " + s.result.command + "\n";
        std::string text = CutToBudget(s.result.text, budget);
        out += text;
        if (!text.empty() && text.back() != '\n') out += "\n";
        if (i == from && s.result.is_error) *is_error = true;
        break;
      }
      case Step::Kind::kRefused:
        out += StepHeader(s) + ": refused by the engine: " + s.note + "\n";
        if (i == from) *is_error = true;
        break;
      case Step::Kind::kAssessment:
        out += StepHeader(s) + ": assessment recorded.\n";
        break;
      case Step::Kind::kApproval:
        out += RenderApproval(s);
        break;
      case Step::Kind::kVerification:
        out += StepHeader(s) + ": verification recorded; the engine's verdict: " +
               (s.verification.passed ? "PASSED" : "FAILED") + ".\n";
        break;
      case Step::Kind::kFinish:
        out += StepHeader(s) + ": finished: " + s.note + "\n";
        break;
    }
  }
  if (out.empty()) out = "(no step was recorded)\n";
  return out;
}

std::string PhaseNote(const AgentContext& ctx, const Transcript& t) {
  switch (ctx.phase) {
    case Phase::kVerify:
      return "Now in VERIFY: the approved change was applied and has run for a while. Check it with the "
             "read-only tools, then call submit_verification.";
    case Phase::kAssess:
      return "Now in ASSESS: the proposal was not accepted. Offer a different change with "
             "submit_assessment, investigate further with read-only tools, or call finish.";
    case Phase::kInvestigate:
      if (ctx.iteration > 1) {
        std::string learned;
        for (auto it = t.rbegin(); it != t.rend(); ++it) {
          if (it->kind == Step::Kind::kVerification) {
            learned = it->verification.summary;
            break;
          }
        }
        return StrFormat("Now in INVESTIGATE (iteration %d): the verification FAILED", ctx.iteration) +
               (learned.empty() ? std::string(".") : ": " + learned + ".") +
               " Find out why, then submit a new assessment.";
      }
      return "Now in INVESTIGATE.";
    default:
      return std::string("Now in ") + PhaseName(ctx.phase) + ".";
  }
}

std::string HandoffMessage(const AgentContext& ctx, const Transcript& t, size_t budget) {
  bool is_error = false;
  return "Incident request: " + ctx.prompt + StrFormat("\n\nAnother agent started on this incident. Its %zu steps so far ", t.size()) +
         "(cite them by number as your own):\n" + RenderSteps(t, 0, budget, &is_error) + "\nYou take over from here. " +
         (ctx.phase == Phase::kInvestigate && ctx.iteration <= 1
              ? std::string("Now in INVESTIGATE: gather what evidence is missing with the read-only tools, then "
                            "call submit_assessment.")
              : PhaseNote(ctx, t));
}

std::string NoToolCallNote(Phase phase, bool empty) {
  std::string next = phase == Phase::kVerify ? "check the change and call submit_verification"
                                             : "investigate with the read-only tools or call submit_assessment";
  return std::string(empty ? "Your answer was empty." : "Your answer had no tool call.") +
         " Answer with a tool call: " + next + ", or call finish to end the run.";
}

}  // namespace kf::agent::llm_prompt
