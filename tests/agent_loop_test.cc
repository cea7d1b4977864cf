// Phase rules of the loop, with a scripted agent that tries to mutate early,
// fake tools and a fake cluster. Whatever the agent does, nothing mutates
// before a recorded approval of exactly that call.
#include <gtest/gtest.h>

#include <deque>
#include <sstream>

#include "engine/agent/approval_gate.h"
#include "engine/agent/json_printer.h"
#include "engine/agent/loop.h"
#include "engine/agent/transcript_printer.h"
#include "engine/tools/cluster_backend.h"

namespace kf::agent {
namespace {

// A cluster that only has a clock; the fake tools do not touch it.
class ClockOnlyCluster final : public ClusterBackend {
 public:
  Result<Json> Get(const std::string&, const std::string&, const std::string&) override { return Unimplemented("fake"); }
  Result<Json> List(const std::string&, const std::string&, const ListOptions&) override { return Unimplemented("fake"); }
  Result<Json> Patch(const std::string&, const std::string&, const std::string&, PatchType, const Json&, bool) override {
    return Unimplemented("fake");
  }
  Result<Json> Create(const std::string&, const std::string&, const Json&, bool) override { return Unimplemented("fake"); }
  Result<Json> Delete(const std::string&, const std::string&, const std::string&, bool) override { return Unimplemented("fake"); }
  Result<std::string> Logs(const std::string&, const std::string&, const std::string&, bool, int) override {
    return Unimplemented("fake");
  }
  Result<Json> PodMetrics(const std::string&, const std::string&) override { return Unimplemented("fake"); }
  Clock& clock() override { return clock_; }

 private:
  VirtualClock clock_{1'700'000'000'000};
};

// A tool that records its calls; `read_only` decides its annotation.
class FakeTool final : public Tool {
 public:
  FakeTool(std::string name, bool read_only, std::vector<Json>* calls)
      : name_(std::move(name)), read_only_(read_only), calls_(calls) {}
  const std::string& name() const override { return name_; }
  const std::string& description() const override { return name_; }
  const Json& input_schema() const override { return schema_; }
  ToolAnnotations annotations() const override { return {read_only_, !read_only_, true}; }
  ToolResult Run(const Json& args, const ToolContext& ctx) const override {
    calls_->push_back(args);
    ctx.cluster->clock().Sleep(1000);
    ToolResult r;
    r.command = "fake " + name_;
    r.text = "done\n";
    r.structured = Json{{"ok", true}};
    return r;
  }

 private:
  std::string name_;
  bool read_only_;
  std::vector<Json>* calls_;
  Json schema_ = Json{{"type", "object"}};
};

// Returns its script in order, then finishes.
class ScriptedAgent final : public Agent {
 public:
  explicit ScriptedAgent(std::deque<AgentAction> script) : script_(std::move(script)) {}
  std::string name() const override { return "scripted"; }
  Result<AgentAction> Next(const AgentContext& ctx, const Transcript&) override {
    phases_seen.push_back(ctx.phase);
    if (script_.empty()) return AgentAction::Finish("script done");
    AgentAction a = script_.front();
    script_.pop_front();
    return a;
  }
  std::vector<Phase> phases_seen;

 private:
  std::deque<AgentAction> script_;
};

// A gate that returns its decisions in order and counts proposals.
class ScriptedGate final : public ApprovalGate {
 public:
  explicit ScriptedGate(std::deque<Decision> d) : decisions_(std::move(d)) {}
  Decision Decide(const Proposal& p) override {
    proposals.push_back(p);
    if (decisions_.empty()) return Decision{Decision::Kind::kDefer, 0, "no more", "script"};
    Decision d = decisions_.front();
    decisions_.pop_front();
    return d;
  }
  std::vector<Proposal> proposals;

 private:
  std::deque<Decision> decisions_;
};

Decision Approve(int k) { return Decision{Decision::Kind::kApprove, k, "", "test"}; }
Decision Deny() { return Decision{Decision::Kind::kDeny, 0, "not now", "test"}; }

Status FakePreview(Option* o, const ToolContext&) {
  o->action = "Patch deployment/web in namespace prod";
  o->target_kind = "fake";
  o->target_name = "web";
  o->ns = "prod";
  o->changes = {{"replicas", "1", "2"}};
  o->consequence = "Nothing real happens.";
  return Status::Ok();
}

Option MutateOption(int n) {
  Option o;
  o.title = "mutate " + std::to_string(n);
  o.call = {"fake.mutate", Json{{"n", n}}};
  return o;
}

Assessment AssessmentWith(std::vector<Option> options, int evidence_step = 1) {
  Assessment a;
  a.root_cause.summary = "something broke";
  a.evidence.push_back({evidence_step, "saw it"});
  a.options = std::move(options);
  return a;
}

Check Passing(const char* name) { return Check{name, true, "fine", {}}; }
Check Failing(const char* name) { return Check{name, false, "bad", {}}; }

struct Fixture : ::testing::Test {
  Fixture() {
    tools.Add(std::make_unique<FakeTool>("fake.read", true, &reads));
    tools.Add(std::make_unique<FakeTool>("fake.mutate", false, &mutations));
    options.preview = FakePreview;
    options.prompt = "help";
  }
  RunResult Run(ScriptedAgent& agent, ApprovalGate& gate) {
    LoopEnv env;
    env.agent = &agent;
    env.gate = &gate;
    env.tools = &tools;
    env.ctx.cluster = &cluster;
    env.observer = &events;
    return RunLoop(env, options);
  }
  ClockOnlyCluster cluster;
  ToolCatalog tools;
  std::vector<Json> reads, mutations;
  LoopOptions options;
  CollectingObserver events;
};

AgentAction Read() { return AgentAction::Call("fake.read", Json::object()); }
AgentAction Mutate(int n) { return AgentAction::Call("fake.mutate", Json{{"n", n}}); }

TEST_F(Fixture, MutationDuringInvestigateIsRefusedAndBecomesAProposal) {
  ScriptedAgent agent({Read(), Mutate(1)});
  ScriptedGate gate({Deny()});
  RunResult r = Run(agent, gate);
  EXPECT_TRUE(mutations.empty());
  EXPECT_EQ(reads.size(), 1u);
  ASSERT_EQ(gate.proposals.size(), 1u);
  ASSERT_EQ(gate.proposals[0].options.size(), 1u);
  EXPECT_EQ(gate.proposals[0].options[0].call.name, "fake.mutate");
  ASSERT_GE(r.transcript.size(), 2u);
  EXPECT_EQ(r.transcript[1].kind, Step::Kind::kRefused);
  EXPECT_NE(r.transcript[1].note.find("may run only in EXECUTE"), std::string::npos);
  EXPECT_EQ(r.outcome, RunOutcome::kDenied);
}

TEST_F(Fixture, ApprovedRequestRunsExactlyOnceByTheEngine) {
  ScriptedAgent agent({Mutate(7)});
  ScriptedGate gate({Approve(1)});
  RunResult r = Run(agent, gate);
  ASSERT_EQ(mutations.size(), 1u);
  EXPECT_EQ(mutations[0], (Json{{"n", 7}}));
  const Step* exec = nullptr;
  for (const Step& s : r.transcript) {
    if (s.kind == Step::Kind::kToolCall && s.call.name == "fake.mutate") exec = &s;
  }
  ASSERT_NE(exec, nullptr);
  EXPECT_TRUE(exec->by_engine);
  EXPECT_EQ(exec->phase, Phase::kExecute);
  // The agent then finished in VERIFY without a verdict.
  EXPECT_EQ(r.outcome, RunOutcome::kVerificationFailed);
}

TEST_F(Fixture, MutationsInEveryAgentPhaseAreRefused) {
  // INVESTIGATE, then after a denial (ASSESS), then in VERIFY: each asks
  // to mutate; only the approved option ever runs.
  ScriptedAgent agent({Mutate(1), Mutate(2), AgentAction::Assess(AssessmentWith({MutateOption(3)}, 1)),
                       Mutate(4), AgentAction::Verify(Verification{{Passing("a")}, true, "", {}})});
  ScriptedGate gate({Deny(), Deny(), Approve(1), Deny()});
  RunResult r = Run(agent, gate);
  ASSERT_EQ(mutations.size(), 1u);
  EXPECT_EQ(mutations[0], (Json{{"n", 3}}));
  int refused = 0;
  for (const Step& s : r.transcript) refused += s.kind == Step::Kind::kRefused ? 1 : 0;
  EXPECT_EQ(refused, 3);
  EXPECT_EQ(r.outcome, RunOutcome::kPassed);
}

TEST_F(Fixture, ApprovalRunsTheChosenOption) {
  ScriptedAgent agent({Read(), AgentAction::Assess(AssessmentWith({MutateOption(1), MutateOption(2)})),
                       AgentAction::Verify(Verification{{Passing("pods-ready")}, false, "", {}})});
  ScriptedGate gate({Approve(2)});
  RunResult r = Run(agent, gate);
  ASSERT_EQ(mutations.size(), 1u);
  EXPECT_EQ(mutations[0], (Json{{"n", 2}}));
  EXPECT_EQ(r.outcome, RunOutcome::kPassed);  // the verdict is the conjunction, not the claim
  EXPECT_EQ(r.report.change, "mutate 2");
}

TEST_F(Fixture, VerdictIsTheConjunctionOfChecks) {
  ScriptedAgent agent({AgentAction::Assess(AssessmentWith({MutateOption(1)}, 0)), Read(),
                       AgentAction::Assess(AssessmentWith({MutateOption(1)})),
                       AgentAction::Verify(Verification{{Passing("a"), Failing("b")}, true, "b failed", {}})});
  ScriptedGate gate({Approve(1)});
  RunResult r = Run(agent, gate);
  // The first assessment cited step 0 and was refused.
  EXPECT_EQ(r.transcript[0].kind, Step::Kind::kRefused);
  EXPECT_NE(r.transcript[0].note.find("cites step 0"), std::string::npos);
  const Step& v = r.transcript.back().kind == Step::Kind::kFinish ? r.transcript[r.transcript.size() - 2]
                                                                   : r.transcript.back();
  EXPECT_EQ(v.kind, Step::Kind::kVerification);
  EXPECT_FALSE(v.verification.passed);
  EXPECT_EQ(r.outcome, RunOutcome::kVerificationFailed);
  // FAILED went back to INVESTIGATE before the agent finished.
  EXPECT_EQ(agent.phases_seen.back(), Phase::kInvestigate);
}

TEST_F(Fixture, VerificationLoopsAreBounded) {
  std::deque<AgentAction> script;
  std::deque<Decision> decisions;
  for (int i = 0; i < 6; ++i) {
    script.push_back(AgentAction::Assess(AssessmentWith({MutateOption(i)}, 0 + 0)));
    script.back().assessment.evidence.clear();
    script.push_back(AgentAction::Verify(Verification{{Failing("x")}, false, "", {}}));
    decisions.push_back(Approve(1));
  }
  ScriptedAgent agent(script);
  ScriptedGate gate(decisions);
  RunResult r = Run(agent, gate);
  EXPECT_EQ(r.outcome, RunOutcome::kVerificationFailed);
  EXPECT_EQ(mutations.size(), 4u);  // the first try and 3 loops
  EXPECT_EQ(r.report.failed_verifications, 4);
  EXPECT_NE(r.report.message.find("loop budget (3)"), std::string::npos);
}

TEST_F(Fixture, VerificationOutsideVerifyIsRefused) {
  ScriptedAgent agent({AgentAction::Verify(Verification{{Passing("a")}, true, "", {}})});
  ScriptedGate gate({});
  RunResult r = Run(agent, gate);
  ASSERT_GE(r.transcript.size(), 1u);
  EXPECT_EQ(r.transcript[0].kind, Step::Kind::kRefused);
  EXPECT_EQ(r.outcome, RunOutcome::kNoAction);
}

TEST_F(Fixture, DeferStopsAtTheGateWithoutMutating) {
  ScriptedAgent agent({Read(), AgentAction::Assess(AssessmentWith({MutateOption(1)}))});
  NoTerminalGate gate;
  RunResult r = Run(agent, gate);
  EXPECT_TRUE(mutations.empty());
  EXPECT_EQ(r.outcome, RunOutcome::kStoppedAtGate);
  EXPECT_NE(r.report.message.find("--approve"), std::string::npos);
}

TEST_F(Fixture, ReadOnlyOptionIsRejected) {
  Option o;
  o.title = "read";
  o.call = {"fake.read", Json::object()};
  ScriptedAgent agent({Read(), AgentAction::Assess(AssessmentWith({o}))});
  ScriptedGate gate({Approve(1)});
  RunResult r = Run(agent, gate);
  EXPECT_TRUE(gate.proposals.empty());
  EXPECT_EQ(r.transcript.back().kind, Step::Kind::kFinish);
  EXPECT_NE(r.transcript[r.transcript.size() - 2].note.find("calls read-only tool fake.read"), std::string::npos);
}

TEST_F(Fixture, StepBudget) {
  std::deque<AgentAction> script(100, Read());
  ScriptedAgent agent(script);
  ScriptedGate gate({});
  options.budgets.max_steps = 5;
  RunResult r = Run(agent, gate);
  EXPECT_EQ(r.outcome, RunOutcome::kBudgetExhausted);
  EXPECT_EQ(r.transcript.size(), 5u);
  EXPECT_EQ(r.error.ToString(), "ResourceExhausted: step budget exhausted: 5 steps");
}

TEST_F(Fixture, VirtualTimeBudget) {
  std::deque<AgentAction> script(100, Read());
  ScriptedAgent agent(script);
  ScriptedGate gate({});
  options.budgets.max_virtual_time = 3500;  // each read sleeps 1s
  RunResult r = Run(agent, gate);
  EXPECT_EQ(r.outcome, RunOutcome::kBudgetExhausted);
  EXPECT_EQ(reads.size(), 4u);
}

TEST_F(Fixture, EventsAreNumberedWithoutGapsAndPrint) {
  ScriptedAgent agent({Read(), AgentAction::Assess(AssessmentWith({MutateOption(1)})),
                       AgentAction::Verify(Verification{{Passing("a")}, true, "", {"all good"}})});
  ScriptedGate gate({Approve(1)});
  RunResult r = Run(agent, gate);
  ASSERT_EQ(r.outcome, RunOutcome::kPassed);
  std::ostringstream text, lines;
  TranscriptPrinter tp(text);
  JsonLinesPrinter jp(lines);
  int seq = 0;
  for (const RunEvent& e : events.events()) {
    EXPECT_EQ(e.seq, ++seq);
    tp.OnEvent(e);
    jp.OnEvent(e);
  }
  EXPECT_NE(text.str().find("Approval Request:"), std::string::npos);
  EXPECT_NE(text.str().find("replicas: 1 → 2"), std::string::npos);
  EXPECT_NE(text.str().find("Verification: PASSED"), std::string::npos);
  std::istringstream in(lines.str());
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    Result<Json> j = ParseJson(line);
    ASSERT_TRUE(j.ok()) << line;
    EXPECT_EQ((*j)["seq"], ++n);
  }
  EXPECT_EQ(n, seq);
}

TEST(PolicyGate, ParsesAndDecides) {
  EXPECT_EQ(PolicyGate::Parse("x").status().ToString(),
            "InvalidArgument: invalid --approve value \"x\": expected 1|2|…|recommended|deny");
  Proposal p;
  p.options.resize(2);
  Decision d = PolicyGate::Parse("2")->Decide(p);
  EXPECT_EQ(d.kind, Decision::Kind::kApprove);
  EXPECT_EQ(d.option, 2);
  EXPECT_EQ(d.decided_by, "policy:--approve=2");
  EXPECT_EQ(PolicyGate::Parse("recommended")->Decide(p).option, 1);
  EXPECT_EQ(PolicyGate::Parse("deny")->Decide(p).kind, Decision::Kind::kDeny);
  Decision out = PolicyGate::Parse("3")->Decide(p);
  EXPECT_EQ(out.kind, Decision::Kind::kDefer);
  EXPECT_EQ(out.reason, "--approve=3 names option 3, but the proposal has 2 options");
}

TEST(TerminalGate, AsksUntilAnswered) {
  Proposal p;
  p.options.resize(2);
  std::istringstream in("what\n2\n");
  std::ostringstream out;
  Decision d = TerminalGate(in, out).Decide(p);
  EXPECT_EQ(d.kind, Decision::Kind::kApprove);
  EXPECT_EQ(d.option, 2);
  EXPECT_EQ(out.str(),
            "Approve option [1-2], deny or defer? Please answer a number from 1 to 2, deny or defer.\n"
            "Approve option [1-2], deny or defer? ");
  std::istringstream deny("deny\ntoo risky\n");
  Decision dd = TerminalGate(deny, out).Decide(p);
  EXPECT_EQ(dd.kind, Decision::Kind::kDeny);
  EXPECT_EQ(dd.reason, "too risky");
  std::istringstream eof("");
  EXPECT_EQ(TerminalGate(eof, out).Decide(p).kind, Decision::Kind::kDefer);
}

}  // namespace
}  // namespace kf::agent
