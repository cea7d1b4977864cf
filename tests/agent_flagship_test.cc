// End to end: the builtin agent on the flagship scenario (the seed
// walkthrough) through the real simulator and tools, in process.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/agent/approval_gate.h"
#include "engine/agent/json_printer.h"
#include "engine/agent/run_scenario.h"
#include "engine/agent/transcript_printer.h"
#include "tests/testing/test_util.h"

namespace kf::agent {
namespace {

std::string ScenarioPath(const std::string& name) {
  return kf::testing::SourceDir() + "/scenarios/" + name + ".yaml";
}

struct Outcome {
  ScenarioRun run;
  std::string transcript;
  std::string json;
};

Outcome RunWith(const std::string& path, const std::string& approve) {
  Result<PolicyGate> gate = PolicyGate::Parse(approve);
  EXPECT_TRUE(gate.ok());
  std::ostringstream text, lines;
  TranscriptPrinter tp(text);
  JsonLinesPrinter jp(lines);
  MultiObserver both;
  both.Add(&tp);
  both.Add(&jp);
  RunRequest req;
  req.scenario_path = path;
  req.gate = &*gate;
  req.observer = &both;
  Result<ScenarioRun> run = RunScenario(req);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  Outcome o;
  if (run.ok()) o.run = std::move(*run);
  o.transcript = text.str();
  o.json = lines.str();
  return o;
}

Json Deployment(Outcome& o, const std::string& ns, const std::string& name) {
  Result<Json> d = o.run.simulation->cluster().Get("Deployment", ns, name);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? *d : Json();
}

std::string Memory(const Json& d, const char* which) {
  const Json* v = JsonAtPath(d, std::string("spec.template.spec.containers[0].resources.") + which + ".memory");
  return v && v->is_string() ? v->get<std::string>() : "";
}

const Step* FindStep(const Transcript& t, Step::Kind kind, int nth = 0) {
  for (const Step& s : t) {
    if (s.kind == kind && nth-- == 0) return &s;
  }
  return nullptr;
}

// Pods of the workload: all Running, Ready, 0 restarts.
void ExpectHealthyPods(Outcome& o, const std::string& ns, const std::string& selector, size_t n) {
  Result<Json> pods = o.run.simulation->cluster().List("Pod", ns, ListOptions{selector, ""});
  ASSERT_TRUE(pods.ok());
  ASSERT_EQ((*pods)["items"].size(), n);
  for (const Json& p : (*pods)["items"]) {
    EXPECT_EQ(JsonString(p["status"], "phase"), "Running") << p["metadata"]["name"];
    for (const Json& cs : p["status"]["containerStatuses"]) {
      EXPECT_TRUE(cs.value("ready", false)) << p["metadata"]["name"];
      EXPECT_EQ(JsonInt(cs, "restartCount"), 0) << p["metadata"]["name"];
    }
  }
}

class Flagship : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::ifstream(ScenarioPath("payment-service-oom")).good()) GTEST_SKIP() << "no flagship scenario yet";
  }
};

TEST_F(Flagship, ApproveRecommendedReachesTheSeedsPhase3) {
  Outcome o = RunWith(ScenarioPath("payment-service-oom"), "1");
  const RunResult& r = o.run.result;
  EXPECT_EQ(r.outcome, RunOutcome::kPassed) << o.transcript;
  const Step* a = FindStep(r.transcript, Step::Kind::kAssessment);
  ASSERT_NE(a, nullptr) << o.transcript;
  const Assessment& as = a->assessment;
  EXPECT_EQ(as.root_cause.category, "oom");
  EXPECT_NE(as.root_cause.summary.find("v2.14.0"), std::string::npos) << as.root_cause.summary;
  EXPECT_NE(as.root_cause.summary.find("reconciliation"), std::string::npos) << as.root_cause.summary;
  EXPECT_NE(as.root_cause.summary.find("256Mi limit"), std::string::npos) << as.root_cause.summary;
  EXPECT_NE(as.root_cause.summary.find("93–98%"), std::string::npos) << as.root_cause.summary;
  EXPECT_NE(as.impact.find("1 of 4 pods is in CrashLoopBackOff"), std::string::npos) << as.impact;
  for (const EvidenceItem& e : as.evidence) {
    EXPECT_GE(e.step, 1);
    EXPECT_LT(e.step, a->number);
  }
  const Step* ap = FindStep(r.transcript, Step::Kind::kApproval);
  ASSERT_NE(ap, nullptr);
  ASSERT_GE(ap->proposal.options.size(), 2u);
  const Option& raise = ap->proposal.options[0];
  EXPECT_EQ(raise.action, "Patch deployment/payment-service in namespace production");
  ASSERT_EQ(raise.changes.size(), 2u);
  EXPECT_EQ(raise.changes[0].path + ": " + raise.changes[0].before + " → " + raise.changes[0].after,
            "containers[0].resources.requests.memory: 128Mi → 256Mi");
  EXPECT_EQ(raise.changes[1].path + ": " + raise.changes[1].before + " → " + raise.changes[1].after,
            "containers[0].resources.limits.memory: 256Mi → 512Mi");
  EXPECT_EQ(raise.consequence, "This will trigger a rolling update of all pods.");
  const Option& rollback = ap->proposal.options[1];
  EXPECT_EQ(rollback.call.name, "kubernetes.rollout_undo");
  EXPECT_EQ(rollback.call.args.value("to_revision", 0), 3);
  EXPECT_NE(rollback.title.find("v2.13.2"), std::string::npos);

  Json d = Deployment(o, "production", "payment-service");
  EXPECT_EQ(Memory(d, "requests"), "256Mi");
  EXPECT_EQ(Memory(d, "limits"), "512Mi");
  ExpectHealthyPods(o, "production", "app=payment-service", 4);

  for (const char* text : {"Approval Request:", "containers[0].resources.limits.memory: 256Mi → 512Mi",
                           "This will trigger a rolling update of all pods.", "successfully rolled out",
                           "Verification: PASSED", "p99 latency recovered: 2,400ms → ", "Root cause: ",
                           "Recommendation: "}) {
    EXPECT_NE(o.transcript.find(text), std::string::npos) << text << "\n" << o.transcript;
  }
}

TEST_F(Flagship, ApproveRollbackHeals) {
  Outcome o = RunWith(ScenarioPath("payment-service-oom"), "2");
  EXPECT_EQ(o.run.result.outcome, RunOutcome::kPassed) << o.transcript;
  Json d = Deployment(o, "production", "payment-service");
  EXPECT_NE(JsonString(d["spec"]["template"]["spec"]["containers"][0], "image").find("v2.13.2"), std::string::npos);
  ExpectHealthyPods(o, "production", "app=payment-service", 4);
}

TEST_F(Flagship, DenyChangesNothing) {
  Outcome o = RunWith(ScenarioPath("payment-service-oom"), "deny");
  EXPECT_EQ(o.run.result.outcome, RunOutcome::kDenied) << o.transcript;
  for (const Step& s : o.run.result.transcript) EXPECT_FALSE(s.by_engine);
  Json d = Deployment(o, "production", "payment-service");
  EXPECT_EQ(Memory(d, "limits"), "256Mi");
  EXPECT_NE(o.transcript.find("Decision: denied"), std::string::npos);
}

TEST_F(Flagship, SameSeedSameBytes) {
  Outcome a = RunWith(ScenarioPath("payment-service-oom"), "1");
  Outcome b = RunWith(ScenarioPath("payment-service-oom"), "1");
  EXPECT_EQ(a.json, b.json);
  EXPECT_EQ(a.transcript, b.transcript);
}

// Nothing may key off the scenario's names: rename the workload and the
// namespace and expect the same conclusions.
TEST_F(Flagship, RenamedWorkloadSameConclusions) {
  std::string text = kf::testing::ReadFileOrDie(ScenarioPath("payment-service-oom"));
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size())) {
      text.replace(p, from.size(), to);
    }
  };
  replace("payment-service", "ledger-api");
  replace("production", "prod-eu");
  std::string path = kf::testing::TempDir() + "/renamed.yaml";
  std::ofstream(path) << text;
  Outcome o = RunWith(path, "1");
  EXPECT_EQ(o.run.result.outcome, RunOutcome::kPassed) << o.transcript;
  Json d = Deployment(o, "prod-eu", "ledger-api");
  EXPECT_EQ(Memory(d, "limits"), "512Mi");
  EXPECT_EQ(Memory(d, "requests"), "256Mi");
}

TEST(Variant600Mi, NeverAFalsePass) {
  std::string path = ScenarioPath("payment-service-oom-600mi");
  if (!std::ifstream(path).good()) GTEST_SKIP() << "no 600Mi variant yet";
  Outcome o = RunWith(path, "1");
  const RunResult& r = o.run.result;
  // The first fix (512Mi) does not hold: its verification FAILED.
  const Step* v1 = FindStep(r.transcript, Step::Kind::kVerification, 0);
  ASSERT_NE(v1, nullptr) << o.transcript;
  EXPECT_FALSE(v1->verification.passed) << o.transcript;
  // Then a second, larger proposal or a rollback.
  const Step* ap2 = FindStep(r.transcript, Step::Kind::kApproval, 1);
  ASSERT_NE(ap2, nullptr) << o.transcript;
  const Option& second = ap2->proposal.options[0];
  bool larger = second.call.name == "kubernetes.rollout_undo";
  for (const FieldChange& c : second.changes) {
    if (c.path.find("limits.memory") != std::string::npos) larger = c.before == "512Mi" && c.after == "1Gi";
  }
  EXPECT_TRUE(larger) << o.transcript;
  // Never PASSED while the limit is below what v2.14.0 needs.
  Json d = Deployment(o, "production", "payment-service");
  if (r.outcome == RunOutcome::kPassed) {
    bool rolled_back = JsonString(d["spec"]["template"]["spec"]["containers"][0], "image").find("v2.13.2") != std::string::npos;
    EXPECT_TRUE(rolled_back || Memory(d, "limits") == "1Gi") << o.transcript;
  }
}

}  // namespace
}  // namespace kf::agent
