// Helpers shared by the scenario test files (scenarios_*_test.cc): load a
// scenario at its alert time, run the builtin agent with --approve=1, find
// steps in the transcript, check the final cluster.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include "engine/agent/approval_gate.h"
#include "engine/agent/facts.h"
#include "engine/agent/run_scenario.h"
#include "tests/sim_testing.h"

namespace kf::scenario_testing {

using agent::Step;

inline std::string Path(const std::string& name) { return testing::SourceDir() + "/scenarios/" + name + ".yaml"; }

// The pod's Ready condition is True.
inline bool IsReady(const Json& pod) {
  for (const Json& c : pod["status"].value("conditions", Json::array())) {
    if (JsonString(c, "type") == "Ready") return JsonString(c, "status") == "True";
  }
  return false;
}

inline std::unique_ptr<Simulation> AtAlert(const std::string& name) {
  Scenario s = simtest::LoadOrDie("scenarios/" + name + ".yaml");
  return simtest::CreateOrDie(s);
}

inline agent::ScenarioRun RunAgent(const std::string& name) {
  Result<agent::PolicyGate> gate = agent::PolicyGate::Parse("1");
  EXPECT_TRUE(gate.ok());
  agent::RunRequest req;
  req.scenario_path = Path(name);
  req.gate = &*gate;
  Result<agent::ScenarioRun> run = agent::RunScenario(req);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  return run.ok() ? std::move(*run) : agent::ScenarioRun{};
}

inline const Step* Find(const agent::Transcript& t, Step::Kind kind) {
  for (const Step& s : t) {
    if (s.kind == kind) return &s;
  }
  return nullptr;
}

// The mutation the engine executed (the approved option's call).
inline const Step* Executed(const agent::Transcript& t) {
  for (const Step& s : t) {
    if (s.by_engine && s.call.name != "kubernetes.rollout_status") return &s;
  }
  return nullptr;
}

// Every selected pod Running, Ready, not restarted; exactly n of them.
inline void ExpectPodsHealthy(Simulation& sim, const std::string& ns, const std::string& selector, size_t n) {
  auto pods = simtest::Pods(sim, ns, selector);
  EXPECT_EQ(pods.size(), n);
  for (const auto& [name, p] : pods) {
    EXPECT_EQ(p["status"]["phase"], "Running") << name;
    EXPECT_TRUE(IsReady(p)) << name;
    EXPECT_EQ(simtest::Restarts(p), 0) << name;
  }
}

inline bool RolloutComplete(Simulation& sim, const std::string& ns, const std::string& name) {
  auto d = sim.cluster().Get("Deployment", ns, name);
  if (!d.ok()) return false;
  const int64_t want = JsonInt((*d)["spec"], "replicas");
  const Json& st = (*d)["status"];
  return JsonInt(st, "observedGeneration") >= JsonInt((*d)["metadata"], "generation") &&
         JsonInt(st, "updatedReplicas") == want && JsonInt(st, "availableReplicas") == want &&
         JsonInt(st, "replicas") == want;
}

inline double PromValue(Simulation& sim, const std::string& q) {
  auto r = sim.metrics().Query(q, sim.clock().Now());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return NAN;
  auto v = agent::MaxSample(*r);
  return v ? *v : NAN;
}

// Runs the agent (--approve=1) and checks the assessment's category and
// object, that `fix_tool` was executed and that verification passed; the
// run's simulation is the final cluster.
inline agent::ScenarioRun ExpectSolved(const std::string& name, const std::string& category,
                                const std::string& resource, const std::string& ns,
                                const std::string& fix_tool) {
  agent::ScenarioRun run = RunAgent(name);
  const agent::RunResult& r = run.result;
  EXPECT_EQ(r.outcome, agent::RunOutcome::kPassed) << name;
  const Step* a = Find(r.transcript, Step::Kind::kAssessment);
  if (a == nullptr) {
    ADD_FAILURE() << "no assessment in " << name;
    return run;
  }
  EXPECT_EQ(a->assessment.root_cause.category, category);
  EXPECT_EQ(a->assessment.root_cause.resource, resource);
  EXPECT_EQ(a->assessment.root_cause.ns, ns);
  const Step* x = Executed(r.transcript);
  if (x == nullptr) {
    ADD_FAILURE() << "nothing executed in " << name;
    return run;
  }
  EXPECT_EQ(x->call.name, fix_tool);
  const Step* v = Find(r.transcript, Step::Kind::kVerification);
  EXPECT_NE(v, nullptr);
  if (v != nullptr) {
    EXPECT_TRUE(v->verification.passed) << v->verification.summary;
  }
  return run;
}

}  // namespace kf::scenario_testing
