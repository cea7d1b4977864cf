#include "engine/agent/loop.h"

#include <optional>

#include "engine/agent/tool_calls.h"
#include "engine/core/duration.h"
#include "engine/core/strings.h"
#include "engine/tools/cluster_backend.h"

namespace kf::agent {

namespace {

class Runner {
 public:
  Runner(const LoopEnv& env, const LoopOptions& options)
      : env_(env), options_(options), clock_(env.ctx.cluster->clock()), start_(clock_.Now()) {}

  RunResult Run();

 private:
  // Sends an event to the observer (if any) and returns it.
  RunEvent Emit(RunEventBody body);
  Step& Record(Step step);
  void EnterPhase(Phase to, std::string reason);
  void End(RunOutcome outcome, std::string message, Status error = Status());
  std::optional<Status> BudgetExceeded() const;

  void OnToolCall(const ToolCall& call);
  void OnAssessment(Assessment assessment);
  void OnVerification(Verification verification);
  void OnFinish(const std::string& message);
  void Refuse(const std::string& action, const std::string& reason);
  // Previews the options and asks the gate; moves to EXECUTE, ASSESS or ends.
  // A denial returns to `on_deny`.
  void Gate(std::vector<Option> options, const std::string& summary, Phase on_deny);
  void Execute(const Option& option);
  Step& InvokeTool(const ToolCall& call, bool by_engine);

  const LoopEnv& env_;
  const LoopOptions& options_;
  Clock& clock_;
  const UnixMillis start_;

  Phase phase_ = Phase::kInvestigate;
  int iteration_ = 1;
  int seq_ = 0;
  bool done_ = false;
  RunResult result_;
  std::optional<Assessment> assessment_;  // the last one submitted
  std::optional<Option> executed_;        // the last executed option
  std::optional<Verification> verification_;
  int denials_ = 0;
  int failures_ = 0;
};

RunEvent Runner::Emit(RunEventBody body) {
  RunEvent e;
  e.seq = ++seq_;
  e.step = static_cast<int>(result_.transcript.size());
  e.phase = phase_;
  e.iteration = iteration_;
  e.time = clock_.Now();
  e.body = std::move(body);
  if (env_.observer) env_.observer->OnEvent(e);
  return e;
}

Step& Runner::Record(Step step) {
  step.number = static_cast<int>(result_.transcript.size()) + 1;
  step.phase = phase_;
  step.time = clock_.Now();
  step.iteration = iteration_;
  result_.transcript.push_back(std::move(step));
  return result_.transcript.back();
}

void Runner::EnterPhase(Phase to, std::string reason) {
  PhaseChanged body{phase_, to, false, std::move(reason)};
  phase_ = to;
  Emit(body);
}

std::optional<Status> Runner::BudgetExceeded() const {
  const Budgets& b = options_.budgets;
  if (static_cast<int>(result_.transcript.size()) >= b.max_steps) {
    return ResourceExhausted(StrFormat("step budget exhausted: %d steps", b.max_steps));
  }
  if (clock_.Now() - start_ > b.max_virtual_time) {
    return ResourceExhausted("virtual time budget exhausted: " + FormatDuration(b.max_virtual_time));
  }
  return std::nullopt;
}

void Runner::End(RunOutcome outcome, std::string message, Status error) {
  if (!error.ok()) Emit(RunError{error});
  result_.outcome = outcome;
  result_.error = error;
  Report& r = result_.report;
  r.outcome = outcome;
  r.message = std::move(message);
  r.failed_verifications = failures_;
  if (assessment_) {
    r.root_cause = assessment_->root_cause.summary;
    r.follow_up = assessment_->follow_up;
  }
  if (executed_) r.change = executed_->title;
  if (verification_) r.highlights = verification_->highlights;
  EnterPhase(Phase::kReport, RunOutcomeName(outcome));
  Emit(ReportMade{r});
  done_ = true;
}

void Runner::Refuse(const std::string& action, const std::string& reason) {
  Step s;
  s.kind = Step::Kind::kRefused;
  s.call.name = action;
  s.note = reason;
  Record(std::move(s));
  Emit(ActionRefused{action, reason});
}

Step& Runner::InvokeTool(const ToolCall& call, bool by_engine) {
  Step s;
  s.kind = Step::Kind::kToolCall;
  s.call = call;
  s.by_engine = by_engine;
  Record(std::move(s));
  Emit(ToolCalled{call, by_engine});
  ToolResult r = env_.invoke ? env_.invoke(call, by_engine, env_.ctx)
                             : env_.tools->Invoke(call.name, call.args, env_.ctx);
  Step& step = result_.transcript.back();
  // The event lends the result to the observers; the transcript keeps it.
  RunEvent returned = Emit(ToolReturned{call, std::move(r)});
  step.result = std::move(std::get<ToolReturned>(returned.body).result);
  return step;
}

void Runner::OnToolCall(const ToolCall& call) {
  const Tool* tool = env_.tools->Find(call.name);
  const bool read_only = tool == nullptr || tool->annotations().read_only;  // unknown: Invoke errors
  if (PhaseAllowsTool(phase_, read_only)) {
    InvokeTool(call, false);
    return;
  }
  Refuse(call.name, std::string("mutating tool ") + call.name + " may run only in EXECUTE, after an "
                    "approval of exactly this call; it was turned into a proposal");
  Option o;
  o.title = "Run " + call.name + " as the agent asked";
  o.call = call;
  o.rationale = "requested by the agent during " + std::string(PhaseName(phase_));
  const Phase from = phase_;
  EnterPhase(Phase::kAssess, "the agent asked for a mutation");
  Gate({o}, assessment_ ? assessment_->root_cause.summary : "a change the agent asked for",
       from == Phase::kVerify ? Phase::kVerify : Phase::kAssess);
}

void Runner::OnAssessment(Assessment a) {
  if (phase_ != Phase::kInvestigate && phase_ != Phase::kAssess) {
    Refuse("submit_assessment", std::string("an assessment cannot be submitted in ") +
                                    PhaseName(phase_) + "; submit a verification first");
    return;
  }
  const int steps = static_cast<int>(result_.transcript.size());
  for (const EvidenceItem& e : a.evidence) {
    if (e.step < 1 || e.step > steps) {
      Refuse("submit_assessment",
             StrFormat("evidence cites step %d, but the transcript has steps 1..%d", e.step, steps));
      return;
    }
  }
  if (phase_ != Phase::kAssess) EnterPhase(Phase::kAssess, "assessment submitted");
  Step s;
  s.kind = Step::Kind::kAssessment;
  s.assessment = a;
  Record(std::move(s));
  assessment_ = a;
  Emit(AssessmentMade{a});
  if (a.options.empty()) {
    OnFinish("the assessment proposes no change");
    return;
  }
  Gate(a.options, a.root_cause.summary, Phase::kAssess);
}

void Runner::Gate(std::vector<Option> options, const std::string& summary, Phase on_deny) {
  for (Option& o : options) {
    const Tool* tool = env_.tools->Find(o.call.name);
    Status st;
    if (tool == nullptr) {
      st = InvalidArgument("unknown tool \"" + o.call.name + "\"");
    } else if (tool->annotations().read_only) {
      st = InvalidArgument("option \"" + o.title + "\" calls read-only tool " + o.call.name +
                           "; an option must be a change");
    } else {
      st = options_.preview(&o, env_.ctx);
    }
    if (!st.ok()) {
      Refuse("submit_assessment", "option \"" + o.title + "\" rejected: " + st.ToString());
      if (phase_ == Phase::kAssess && on_deny == Phase::kVerify) EnterPhase(Phase::kVerify, "proposal rejected");
      return;
    }
  }
  EnterPhase(Phase::kApprove, "approval requested");
  Step s;
  s.kind = Step::Kind::kApproval;
  s.proposal.summary = summary;
  s.proposal.options = std::move(options);
  s.proposal.step = static_cast<int>(result_.transcript.size()) + 1;
  Step& step = Record(std::move(s));
  const Proposal proposal = step.proposal;
  Emit(ApprovalRequested{proposal});
  Decision d = env_.gate->Decide(proposal);
  const int n = static_cast<int>(proposal.options.size());
  if (d.kind == Decision::Kind::kApprove && (d.option < 1 || d.option > n)) {
    d.kind = Decision::Kind::kDefer;
    d.reason = StrFormat("approval names option %d of %d", d.option, n);
  }
  result_.transcript[proposal.step - 1].decision = d;
  Emit(DecisionMade{d, proposal});
  switch (d.kind) {
    case Decision::Kind::kApprove:
      Execute(proposal.options[d.option - 1]);
      return;
    case Decision::Kind::kDeny:
      ++denials_;
      EnterPhase(on_deny, "denied: " + d.reason);
      return;
    case Decision::Kind::kDefer:
      End(RunOutcome::kStoppedAtGate, "stopped at the approval gate: " + d.reason);
      return;
  }
}

void Runner::Execute(const Option& option) {
  EnterPhase(Phase::kExecute, "approved by " + result_.transcript.back().decision.decided_by);
  const Step& step = InvokeTool(option.call, true);
  if (step.result.is_error) {
    End(RunOutcome::kError, "the approved change failed", Internal(step.result.text));
    return;
  }
  executed_ = option;
  if (calls::IsRolloutKind(option.target_kind)) {
    InvokeTool(calls::RolloutStatus(ToLower(option.target_kind), option.ns, option.target_name), true);
  }
  if (options_.settle > 0) clock_.Sleep(options_.settle);
  EnterPhase(Phase::kVerify, "change applied; observed for " + FormatDuration(options_.settle));
}

void Runner::OnVerification(Verification v) {
  if (phase_ != Phase::kVerify) {
    Refuse("submit_verification",
           std::string("a verification can be submitted only in VERIFY, not in ") + PhaseName(phase_));
    return;
  }
  bool all = !v.checks.empty();
  for (const Check& c : v.checks) all = all && c.passed;
  v.passed = all;
  Step s;
  s.kind = Step::Kind::kVerification;
  s.verification = v;
  Record(std::move(s));
  for (const Check& c : v.checks) Emit(CheckDone{c});
  Emit(VerdictReached{v});
  verification_ = v;
  if (v.passed) {
    End(RunOutcome::kPassed, "Verification: PASSED");
    return;
  }
  ++failures_;
  if (failures_ > options_.budgets.max_verification_loops) {
    End(RunOutcome::kVerificationFailed,
        StrFormat("Verification: FAILED %d times; the loop budget (%d) is exhausted", failures_,
                  options_.budgets.max_verification_loops));
    return;
  }
  ++iteration_;
  EnterPhase(Phase::kInvestigate, "verification FAILED: " + v.summary);
}

void Runner::OnFinish(const std::string& message) {
  Step s;
  s.kind = Step::Kind::kFinish;
  s.note = message;
  const Phase phase = phase_;
  Record(std::move(s));
  if (phase == Phase::kVerify || failures_ > 0) {
    End(RunOutcome::kVerificationFailed,
        "Verification: FAILED; the agent has nothing more to try: " + message);
  } else if (denials_ > 0) {
    End(RunOutcome::kDenied, "every proposal was denied; nothing was changed: " + message);
  } else {
    End(RunOutcome::kNoAction, message);
  }
}

RunResult Runner::Run() {
  Emit(RunStarted{options_.scenario, options_.prompt, env_.agent->name(), options_.seed});
  Emit(PhaseChanged{Phase::kInvestigate, Phase::kInvestigate, true, "run started"});
  while (!done_) {
    if (auto st = BudgetExceeded()) {
      End(RunOutcome::kBudgetExhausted, st->message(), *st);
      break;
    }
    if (env_.interrupt) {
      if (Status st = env_.interrupt(); !st.ok()) {
        End(RunOutcome::kError, "the run was interrupted", st);
        break;
      }
    }
    AgentContext context{options_.prompt, phase_, iteration_};
    context.emit = [this](RunEventBody body) { Emit(std::move(body)); };
    Result<AgentAction> next = env_.agent->Next(context, result_.transcript);
    if (!next.ok()) {
      const bool budget = next.status().code() == StatusCode::kResourceExhausted;
      End(budget ? RunOutcome::kBudgetExhausted : RunOutcome::kError,
          budget ? next.status().message() : "the agent failed", next.status().WithPrefix("agent"));
      break;
    }
    AgentAction& a = *next;
    switch (a.kind) {
      case AgentAction::Kind::kToolCall: OnToolCall(a.call); break;
      case AgentAction::Kind::kSubmitAssessment: OnAssessment(std::move(a.assessment)); break;
      case AgentAction::Kind::kSubmitVerification: OnVerification(std::move(a.verification)); break;
      case AgentAction::Kind::kFinish: OnFinish(a.message); break;
    }
  }
  return std::move(result_);
}

}  // namespace

RunResult RunLoop(const LoopEnv& env, const LoopOptions& options) {
  if (!env.agent || !env.gate || !env.tools || !env.ctx.cluster) {
    RunResult r;
    r.outcome = RunOutcome::kError;
    r.error = InvalidArgument("RunLoop: agent, gate, tools and cluster are required");
    r.report.outcome = r.outcome;
    r.report.message = r.error.message();
    return r;
  }
  return Runner(env, options).Run();
}

}  // namespace kf::agent
