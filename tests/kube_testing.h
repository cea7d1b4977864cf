// Helpers shared by the kube_*_test.cc files: the flagship simulation served
// by a FakeKubeServer, and RestConfigs pointing at it.
#pragma once

#include <algorithm>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "engine/agent/approval_gate.h"
#include "engine/agent/run_scenario.h"
#include "engine/agent/transcript.h"
#include "engine/kube/rest_config.h"
#include "engine/sim/simulation.h"
#include "tests/sim_testing.h"
#include "tests/testing/fake_kube_server.h"
#include "tests/testing/test_pki.h"

namespace kf::kubetest {

inline std::unique_ptr<Simulation> Flagship() {
  return simtest::CreateOrDie(simtest::LoadOrDie("scenarios/payment-service-oom.yaml"));
}

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A RestConfig for `server`, trusting the test CA when it is https.
inline kube::RestConfig ConfigFor(const testing::FakeKubeServer& server) {
  kube::RestConfig c;
  c.server = server.BaseUrl();
  c.origin = "context \"test\" of test.yaml";
  c.context = "test";
  if (c.server.rfind("https", 0) == 0) c.ca_pem = ReadAll(testing::GetTestPki().ca_crt);
  return c;
}

inline testing::FakeKubeOptions TlsOptions() {
  testing::FakeKubeOptions o;
  o.tls = true;
  o.cert_file = testing::GetTestPki().server_crt;
  o.key_file = testing::GetTestPki().server_key;
  return o;
}

// The flagship run in process (the reference for the live runs), with the
// approval policy `approve` ("1", "deny", ...).
inline agent::RunResult InProcess(const std::string& approve) {
  Result<agent::PolicyGate> gate = agent::PolicyGate::Parse(approve);
  agent::RunRequest req;
  req.scenario_path = testing::SourceDir() + "/scenarios/payment-service-oom.yaml";
  req.gate = &*gate;
  Result<agent::ScenarioRun> run = agent::RunScenario(req);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  return run.ok() ? run->result : agent::RunResult{};
}

// Step by step: the same calls, tool outputs, proposals, verifications and
// report.
inline void ExpectSameRun(const agent::RunResult& want, const agent::RunResult& got) {
  EXPECT_EQ(agent::RunOutcomeName(got.outcome), agent::RunOutcomeName(want.outcome));
  EXPECT_EQ(got.transcript.size(), want.transcript.size());
  for (size_t i = 0; i < std::min(want.transcript.size(), got.transcript.size()); ++i) {
    const agent::Step& w = want.transcript[i];
    const agent::Step& g = got.transcript[i];
    SCOPED_TRACE("step " + std::to_string(w.number) + " " + w.call.name);
    EXPECT_EQ(static_cast<int>(g.kind), static_cast<int>(w.kind));
    EXPECT_TRUE(g.call == w.call);
    EXPECT_EQ(g.result.command, w.result.command);
    EXPECT_EQ(g.result.text, w.result.text);
    EXPECT_EQ(g.result.is_error, w.result.is_error);
    EXPECT_EQ(agent::ToJson(g.proposal), agent::ToJson(w.proposal));
    EXPECT_EQ(agent::ToJson(g.verification), agent::ToJson(w.verification));
  }
  EXPECT_EQ(agent::ToJson(got.report), agent::ToJson(want.report));
}

}  // namespace kf::kubetest
