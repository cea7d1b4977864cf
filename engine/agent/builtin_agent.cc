#include "engine/agent/builtin_agent.h"

#include <algorithm>

#include "engine/agent/facts.h"
#include "engine/agent/hpa_evidence.h"
#include "engine/agent/node_evidence.h"
#include "engine/agent/not_ready_evidence.h"
#include "engine/agent/pod_evidence.h"
#include "engine/agent/sched_evidence.h"
#include "engine/agent/net_facts.h"
#include "engine/agent/rules/common.h"
#include "engine/agent/rules/rule.h"
#include "engine/agent/tool_calls.h"
#include "engine/agent/verification.h"
#include "engine/core/strings.h"

namespace kf::agent {

namespace {

constexpr char kResourcesPath[] = "{.spec.template.spec.containers[0].resources}";

bool Done(const std::vector<const Step*>& scope, const ToolCall& call) {
  for (const Step* s : scope) {
    if (s->kind == Step::Kind::kToolCall && s->call == call) return true;
  }
  return false;
}

bool DiscoveryDone(const Transcript& t) {
  for (const Step& s : t) {
    if (s.kind == Step::Kind::kToolCall && s.call == calls::ListResources("deployment", "")) return true;
  }
  return false;
}

// The last mutation the loop executed in `iteration` (nullptr when none).
const Step* LastMutation(const Transcript& t, int iteration) {
  const Step* out = nullptr;
  for (const Step& s : t) {
    if (s.iteration == iteration && s.by_engine && s.call.name != calls::kRolloutStatus) out = &s;
  }
  return out;
}

// Calls never to offer again: those of denied proposals and those executed.
std::vector<ToolCall> Excluded(const Transcript& t) {
  std::vector<ToolCall> out;
  for (const Step& s : t) {
    if (s.kind == Step::Kind::kApproval && s.decision.kind == Decision::Kind::kDeny) {
      for (const Option& o : s.proposal.options) out.push_back(o.call);
    }
    if (s.by_engine && s.call.name != calls::kRolloutStatus) out.push_back(s.call);
  }
  return out;
}

std::vector<ToolCall> InvestigationPlan(const Facts& f) {
  const Workload& w = *f.workload;
  std::vector<ToolCall> plan;
  plan.push_back(calls::ListPods(w.ns, w.selector));
  if (!f.pods.seen()) return plan;
  if (!f.failing_pod.empty()) {
    plan.push_back(calls::GetEvents(w.ns, f.failing_pod));
    bool restarted = false;
    for (const PodFact& p : f.pods.value) {
      if (p.name == f.failing_pod) restarted = p.restarts > 0;
    }
    plan.push_back(calls::GetPodLogs(w.ns, f.failing_pod, restarted, 20));
  }
  plan.push_back(calls::GetResource("deployment", w.ns, w.name, kResourcesPath));
  plan.push_back(calls::TopPods(w.ns, w.selector));
  plan.push_back(calls::RolloutHistory("deployment", w.ns, w.name));
  bool pending = f.pods.value.empty();
  for (const PodFact& p : f.pods.value) pending = pending || p.status == "Pending";
  if (pending) plan.push_back(calls::GetEvents(w.ns, ""));
  plan.push_back(calls::PromQuery(P99Query(w.name)));
  if (!f.metrics_unavailable) plan.push_back(calls::PromQuery(P99BaselineQuery(w.name)));
  AppendPodInvestigation(f, &plan);
  AddNetInvestigation(f, &plan);
  AppendSchedInvestigation(f, &plan);
  AddHpaInvestigation(f, &plan);
  AddNodeInvestigation(f, &plan);
  AddNotReadyInvestigation(f, &plan);
  return plan;
}

std::vector<ToolCall> VerificationPlan(const Workload& w, bool metrics_unavailable) {
  std::vector<ToolCall> plan = {
      calls::ListPods(w.ns, w.selector),
      calls::TopPods(w.ns, w.selector),
      calls::GetEvents(w.ns, "", "OOMKilling"),
      calls::GetResource("deployment", w.ns, w.name),
  };
  if (!metrics_unavailable) plan.push_back(calls::PromQuery(P99Query(w.name)));
  return plan;
}

// What the previous FAILED verification taught, as evidence.
void AddLearned(const Transcript& t, int iteration, std::vector<EvidenceItem>* evidence) {
  for (const Step& s : t) {
    if (s.kind != Step::Kind::kVerification || s.iteration != iteration - 1) continue;
    for (const Check& c : s.verification.checks) {
      if (!c.passed) {
        evidence->push_back({s.number, "after the previous change, " + c.name + " FAILED: " + c.evidence});
      }
    }
  }
}

AgentAction Assess(const AgentContext& ctx, const Transcript& t, const Facts& f) {
  std::optional<rules::Finding> finding;
  for (rules::Rule rule : rules::AllRules()) {
    finding = rule(f);
    if (finding) break;
  }
  Assessment a;
  if (!finding) {
    a.root_cause.summary = "No known failure pattern in the evidence: pods, events, usage and history look healthy.";
    a.root_cause.category = "unknown";
    a.root_cause.resource = "deployment/" + f.workload->name;
    a.root_cause.ns = f.workload->ns;
    if (f.pods.seen()) a.evidence.push_back({f.pods.step, StrFormat("%zu pods listed", f.pods.value.size())});
    rules::AddLatencyEvidence(f, &a.evidence);
    a.follow_up = "Investigate dependencies and application metrics; no Kubernetes change is indicated.";
    return AgentAction::Assess(a);
  }
  a.root_cause = finding->root_cause;
  a.impact = finding->impact;
  a.evidence = finding->evidence;
  a.follow_up = finding->follow_up;
  AddLearned(t, ctx.iteration, &a.evidence);
  std::vector<ToolCall> excluded = Excluded(t);
  for (const Option& o : finding->options) {
    if (std::find(excluded.begin(), excluded.end(), o.call) == excluded.end()) a.options.push_back(o);
  }
  if (a.options.empty() && !excluded.empty()) {
    return AgentAction::Finish("no other remedy to offer for: " + a.root_cause.summary);
  }
  return AgentAction::Assess(a);
}

AgentAction Verify(const Transcript& t, int iteration, const Facts& now, const Step& fix,
                   const std::string& prompt) {
  // The incident as first seen: iteration 1's investigation.
  const std::vector<const Step*> first = FirstInvestigation(t);
  Facts incident = ExtractFacts(t, first, prompt);
  (void)iteration;
  Verification v;
  v.checks.push_back(PodsReadyCheck(now.pods, fix.time));
  v.checks.push_back(NoOomEventsCheck(now.oom_events, now.pods, fix.time));
  int index = 0;
  const Json* c = now.deployment.seen() ? FindContainer(now.deployment.value(), "", &index) : nullptr;
  int64_t limit = c ? MemoryAt(*c, "resources.limits.memory") : 0;
  if (limit > 0) v.checks.push_back(MemoryUtilisationCheck(now.usage, limit));
  v.checks.push_back(RolloutCompleteCheck(now.deployment));
  AddPodChecks(incident, now, &v.checks);
  if (!now.metrics_unavailable) {
    std::optional<double> before, baseline;
    if (incident.p99_seconds.seen()) before = incident.p99_seconds.value;
    if (incident.p99_baseline.seen()) baseline = incident.p99_baseline.value;
    v.checks.push_back(LatencyCheck(now.p99_seconds, before, baseline));
  }
  bool passed = true;
  std::vector<std::string> failed;
  for (const Check& ch : v.checks) {
    passed = passed && ch.passed;
    if (!ch.passed) failed.push_back(ch.name + ": " + ch.evidence);
  }
  v.passed = passed;
  v.summary = failed.empty() ? "all checks passed" : Join(failed, "; ");
  // Report lines, as the seed writes them.
  const Check* pods = &v.checks[0];
  const Check* oom = &v.checks[1];
  if (passed) {
    v.highlights.push_back(StrFormat("All %zu pods healthy, ", now.pods.value.size()) +
                           pods->evidence.substr(pods->evidence.find("Ready, ") + 7) + ", " +
                           oom->evidence.substr(0, oom->evidence.find(" since")) + " post-fix");
  } else {
    for (const Check& ch : v.checks) {
      if (!ch.passed) v.highlights.push_back(ch.name + " FAILED: " + ch.evidence);
    }
  }
  for (const Check& ch : v.checks) {
    if (!passed || !ch.passed) continue;
    if (ch.name == "memory-utilisation") {
      size_t open = ch.evidence.rfind('(');
      v.highlights.push_back("Memory utilization at " + ch.evidence.substr(open + 1, ch.evidence.size() - open - 2) +
                             " of new limit (healthy headroom)");
    } else if (ch.name == "latency-p99") {
      std::string ev = ch.evidence.substr(4);  // drop "p99 "
      size_t paren = ev.find(" (");
      v.highlights.push_back("p99 latency recovered: " + ev.substr(0, paren));
    }
  }
  return AgentAction::Verify(v);
}

}  // namespace

Result<AgentAction> BuiltinAgent::Next(const AgentContext& ctx, const Transcript& t) {
  if (!t.empty() && t.back().kind == Step::Kind::kRefused) {
    return AgentAction::Finish("the engine refused the last action: " + t.back().note);
  }
  const Step* fix = ctx.phase == Phase::kVerify ? LastMutation(t, ctx.iteration) : nullptr;
  std::vector<const Step*> scope = StepsInScope(t, ctx.iteration, 0);
  if (fix) {
    std::vector<const Step*> after;
    for (const Step* s : scope) {
      if (s->number > fix->number && s->phase == Phase::kVerify) after.push_back(s);
    }
    scope = after;
  }
  Facts facts = ExtractFacts(t, scope, ctx.prompt);
  if (!facts.workload) {
    if (DiscoveryDone(t)) return AgentAction::Finish("no deployment found to investigate");
    return AgentAction::Call(calls::kGetResource, calls::ListResources("deployment", "").args);
  }
  if (ctx.phase == Phase::kVerify) {
    if (!fix) return AgentAction::Finish("nothing was changed, so there is nothing to verify");
    if (auto net = NetVerifyStep(t, ctx.iteration, scope, facts, *fix)) return *net;
    if (auto hpa = HpaVerifyStep(t, ctx.iteration, scope, facts, *fix, ctx.prompt)) return *hpa;
    if (auto node = NodeVerifyStep(t, ctx.iteration, scope, facts, *fix, ctx.prompt)) return *node;
    if (auto nr = NotReadyVerifyStep(t, ctx.iteration, scope, facts, *fix, ctx.prompt)) return *nr;
    for (const ToolCall& c : WithPodVerification(VerificationPlan(*facts.workload, facts.metrics_unavailable), t, facts, ctx.prompt)) {
      if (!Done(scope, c)) return AgentAction::Call(c.name, c.args);
    }
    return Verify(t, ctx.iteration, facts, *fix, ctx.prompt);
  }
  for (const ToolCall& c : InvestigationPlan(facts)) {
    if (!Done(scope, c)) return AgentAction::Call(c.name, c.args);
  }
  return Assess(ctx, t, facts);
}

}  // namespace kf::agent
