// The netsto scenarios end to end: each loads; before any fix the evidence a
// real cluster shows is there; the builtin agent names the right category and
// object, executes an acceptable fix (or none, for the healthy control),
// verifies honestly; and the success conditions hold on the final cluster.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <set>

#include "engine/agent/approval_gate.h"
#include "engine/agent/run_scenario.h"
#include "engine/sim/sim_util.h"
#include "tests/sim_testing.h"

namespace kf {
namespace {

using agent::Step;

std::string PathOf(const std::string& name) { return testing::SourceDir() + "/scenarios/" + name + ".yaml"; }

agent::ScenarioRun RunBuiltin(const std::string& name) {
  Result<agent::PolicyGate> gate = agent::PolicyGate::Parse("1");
  EXPECT_TRUE(gate.ok());
  agent::RunRequest req;
  req.scenario_path = PathOf(name);
  req.gate = &*gate;
  Result<agent::ScenarioRun> run = agent::RunScenario(req);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  return run.ok() ? std::move(*run) : agent::ScenarioRun{};
}

const agent::Assessment* FirstAssessment(const agent::Transcript& t) {
  for (const Step& s : t) {
    if (s.kind == Step::Kind::kAssessment) return &s.assessment;
  }
  return nullptr;
}

std::vector<const Step*> Mutations(const agent::Transcript& t) {
  std::vector<const Step*> out;
  for (const Step& s : t) {
    if (s.by_engine && s.call.name != "kubernetes.rollout_status") out.push_back(&s);
  }
  return out;
}

const agent::Verification* LastVerification(const agent::Transcript& t) {
  const agent::Verification* out = nullptr;
  for (const Step& s : t) {
    if (s.kind == Step::Kind::kVerification) out = &s.verification;
  }
  return out;
}

// The single sample of an instant query, NaN when empty.
double Scalar(Simulation& sim, const std::string& promql) {
  Result<Json> r = sim.metrics().Query(promql, sim.clock().Now());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok() || (*r)["result"].empty()) return NAN;
  return std::strtod((*r)["result"][0]["value"][1].get<std::string>().c_str(), nullptr);
}

std::string ErrorRatio(const std::string& service) {
  return "sum(rate(http_requests_total{service=\"" + service + "\",code=~\"5..\"}[2m])) / sum(rate("
         "http_requests_total{service=\"" + service + "\"}[2m]))";
}

// Ready addresses and their ports in an Endpoints object.
struct EndpointsSummary {
  int ready = 0;
  int not_ready = 0;
  std::set<int64_t> ports;
};

EndpointsSummary ReadEndpoints(Simulation& sim, const std::string& ns, const std::string& name) {
  EndpointsSummary out;
  Result<Json> ep = sim.cluster().Get("Endpoints", ns, name);
  EXPECT_TRUE(ep.ok()) << ep.status().ToString();
  if (!ep.ok()) return out;
  for (const Json& subset : ep->value("subsets", Json::array())) {
    out.ready += static_cast<int>(subset.value("addresses", Json::array()).size());
    out.not_ready += static_cast<int>(subset.value("notReadyAddresses", Json::array()).size());
    for (const Json& p : subset.value("ports", Json::array())) out.ports.insert(p["port"].get<int64_t>());
  }
  return out;
}

void ExpectPodsHealthy(Simulation& sim, const std::string& ns, const std::string& selector, size_t n) {
  auto pods = simtest::Pods(sim, ns, selector);
  ASSERT_EQ(pods.size(), n);
  for (const auto& [name, p] : pods) {
    EXPECT_EQ(p["status"]["phase"], "Running") << name;
    EXPECT_TRUE(sim::IsPodReady(p)) << name;
    EXPECT_EQ(simtest::Restarts(p), 0) << name;
  }
}

// ---- service-selector ------------------------------------------------------

TEST(NetstoServiceSelector, BeforeTheFixEndpointsAreNoneAndEveryRequestFails) {
  Scenario s = simtest::LoadOrDie("scenarios/checkout-service-selector.yaml");
  auto sim = simtest::CreateOrDie(s);
  ASSERT_NE(sim, nullptr);
  ExpectPodsHealthy(*sim, "shop", "app=checkout", 3);
  EndpointsSummary ep = ReadEndpoints(*sim, "shop", "checkout");
  EXPECT_EQ(ep.ready, 0);
  EXPECT_EQ(ep.not_ready, 0);
  Result<Json> svc = sim->cluster().Get("Service", "shop", "checkout");
  ASSERT_TRUE(svc.ok());
  EXPECT_EQ((*svc)["spec"]["selector"], (Json{{"app", "checkout-web"}}));
  EXPECT_DOUBLE_EQ(Scalar(*sim, ErrorRatio("checkout")), 1.0);
  EXPECT_GT(Scalar(*sim, "sum(rate(http_requests_total{service=\"checkout\",code=\"503\"}[2m]))"), 50);
  // The red herring: an old BackOff of a pod that no longer exists.
  EXPECT_EQ(simtest::EventsFor(*sim, "shop", "checkout-db-migrate-7xk2p", "BackOff").size(), 1u);
}

TEST(NetstoServiceSelector, BuiltinAgentPatchesTheSelectorAndVerifies) {
  agent::ScenarioRun run = RunBuiltin("checkout-service-selector");
  ASSERT_NE(run.simulation, nullptr);
  const agent::Assessment* a = FirstAssessment(run.result.transcript);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->root_cause.category, "service-selector");
  EXPECT_EQ(a->root_cause.resource, "service/checkout");
  EXPECT_EQ(a->root_cause.ns, "shop");
  auto muts = Mutations(run.result.transcript);
  ASSERT_EQ(muts.size(), 1u);
  EXPECT_EQ(muts[0]->call.name, "kubernetes.patch_resource");
  EXPECT_EQ(muts[0]->call.args["kind"], "service");
  EXPECT_EQ(run.result.outcome, agent::RunOutcome::kPassed);
  const agent::Verification* v = LastVerification(run.result.transcript);
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(v->passed) << v->summary;
  ASSERT_EQ(v->checks.size(), 3u);
  EXPECT_EQ(v->checks[1].name, "endpoints-ready");
  EXPECT_EQ(v->checks[1].evidence, "service/checkout has 3 ready endpoints on port 8080");
  // The success conditions, on the cluster as the run left it.
  Simulation& sim = *run.simulation;
  Result<Json> svc = sim.cluster().Get("Service", "shop", "checkout");
  ASSERT_TRUE(svc.ok());
  EXPECT_EQ((*svc)["spec"]["selector"]["app"], "checkout");
  EXPECT_EQ(ReadEndpoints(sim, "shop", "checkout").ready, 3);
  ExpectPodsHealthy(sim, "shop", "app=checkout", 3);
  EXPECT_LT(Scalar(sim, ErrorRatio("checkout")), 0.01);
}

// ---- service-port ----------------------------------------------------------

TEST(NetstoServicePort, BeforeTheFixEndpointsCarryAPortNoContainerListensOn) {
  Scenario s = simtest::LoadOrDie("scenarios/invoice-api-target-port.yaml");
  auto sim = simtest::CreateOrDie(s);
  ASSERT_NE(sim, nullptr);
  ExpectPodsHealthy(*sim, "billing", "app=invoice-api", 2);
  EndpointsSummary ep = ReadEndpoints(*sim, "billing", "invoice-api");
  EXPECT_EQ(ep.ready, 2);
  EXPECT_EQ(ep.ports, (std::set<int64_t>{8080}));
  EXPECT_DOUBLE_EQ(Scalar(*sim, ErrorRatio("invoice-api")), 1.0);
  EXPECT_GT(Scalar(*sim, "sum(rate(http_requests_total{service=\"invoice-api\",code=\"502\"}[2m]))"), 20);
}

TEST(NetstoServicePort, BuiltinAgentPatchesTargetPortAndVerifies) {
  agent::ScenarioRun run = RunBuiltin("invoice-api-target-port");
  ASSERT_NE(run.simulation, nullptr);
  const agent::Assessment* a = FirstAssessment(run.result.transcript);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->root_cause.category, "service-port");
  EXPECT_EQ(a->root_cause.resource, "service/invoice-api");
  EXPECT_EQ(a->root_cause.ns, "billing");
  auto muts = Mutations(run.result.transcript);
  ASSERT_EQ(muts.size(), 1u);
  EXPECT_EQ(muts[0]->call.args["patch"],
            (Json{{"spec", {{"ports", Json::array({{{"port", 80}, {"targetPort", 3000}}})}}}}));
  EXPECT_EQ(run.result.outcome, agent::RunOutcome::kPassed);
  Simulation& sim = *run.simulation;
  Result<Json> svc = sim.cluster().Get("Service", "billing", "invoice-api");
  ASSERT_TRUE(svc.ok());
  EXPECT_EQ((*svc)["spec"]["ports"][0]["targetPort"], 3000);
  EndpointsSummary ep = ReadEndpoints(sim, "billing", "invoice-api");
  EXPECT_EQ(ep.ready, 2);
  EXPECT_EQ(ep.ports, (std::set<int64_t>{3000}));
  EXPECT_LT(Scalar(sim, ErrorRatio("invoice-api")), 0.01);
}

// ---- healthy control ---------------------------------------------------------

TEST(NetstoHealthy, BuiltinAgentAssessesNoneAndChangesNothing) {
  agent::ScenarioRun run = RunBuiltin("inventory-api-healthy");
  ASSERT_NE(run.simulation, nullptr);
  const agent::Assessment* a = FirstAssessment(run.result.transcript);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->root_cause.category, "none");
  EXPECT_EQ(a->root_cause.resource, "deployment/inventory-api");
  EXPECT_EQ(a->root_cause.ns, "warehouse");
  EXPECT_TRUE(a->options.empty());
  EXPECT_TRUE(Mutations(run.result.transcript).empty());
  EXPECT_EQ(run.result.outcome, agent::RunOutcome::kNoAction);
  Simulation& sim = *run.simulation;
  ExpectPodsHealthy(sim, "warehouse", "app=inventory-api", 3);
  // The named targetPort resolves to the container port.
  EndpointsSummary ep = ReadEndpoints(sim, "warehouse", "inventory-api");
  EXPECT_EQ(ep.ready, 3);
  EXPECT_EQ(ep.ports, (std::set<int64_t>{8000}));
  EXPECT_LT(Scalar(sim, ErrorRatio("inventory-api")), 0.01);
}

TEST(NetstoScenarios, SameSeedSameObjects) {
  for (const char* name : {"checkout-service-selector", "invoice-api-target-port", "inventory-api-healthy"}) {
    Scenario s = simtest::LoadOrDie(std::string("scenarios/") + name + ".yaml");
    auto a = simtest::CreateOrDie(s);
    auto b = simtest::CreateOrDie(s);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->DumpObjects().dump(), b->DumpObjects().dump()) << name;
  }
}

}  // namespace
}  // namespace kf
