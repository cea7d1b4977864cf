// The two halves of the Kubernetes API contract against each other: the
// flagship run by the live client (KubeBackend over HTTPS with a bearer
// token, metrics through PrometheusClient) against `kubeflight serve`, and
// the same run in process. Every tool output, proposal, verification and the
// final report must be identical.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/cli/live_session.h"
#include "engine/metrics/prometheus_client.h"
#include "engine/serve/prometheus_mount.h"
#include "tests/kube_testing.h"
#include "tests/testing/serve_testing.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

// The served cluster's virtual clock: the live loop's waits (the settle after
// a change, rollout status polls) move the paused server forward.
class ServerClock final : public Clock {
 public:
  explicit ServerClock(serve::Server& server) : server_(server) {}
  UnixMillis Now() const override { return server_.Now(); }
  void Sleep(DurationMs d) override { server_.Advance(d); }

 private:
  serve::Server& server_;
};

struct ServedFlagship {
  std::unique_ptr<serve::Server> server = testing::StartServe("payment-service-oom", /*tls=*/true);
  std::string ca_file;

  ServedFlagship() {
    if (server == nullptr) return;
    serve::MountPrometheusApi(server.get());  // as `kubeflight serve` does
    ca_file = testing::TempDir() + "/serve-ca.crt";
    std::ofstream(ca_file) << server->ca_pem();
  }
  kube::RestConfig Rest() const {
    kube::RestConfig c;
    c.server = server->url();
    c.origin = "context \"kubeflight\" of the serve test";
    c.context = "kubeflight";
    c.ca_pem = server->ca_pem();
    c.token = server->token();
    return c;
  }
  PrometheusConfig Prometheus() const {
    PrometheusConfig c;
    c.url = server->url() + "/prometheus";
    c.bearer_token = server->token();
    c.ca_file = ca_file;
    return c;
  }
};

TEST(ServeLiveConformance, FlagshipThroughServeMatchesTheInProcessRun) {
  agent::RunResult want = kubetest::InProcess("1");
  ASSERT_EQ(want.outcome, agent::RunOutcome::kPassed);

  ServedFlagship served;
  ASSERT_NE(served.server, nullptr);
  ASSERT_EQ(served.server->url().rfind("https://127.0.0.1:", 0), 0u) << served.server->url();
  ServerClock clock(*served.server);
  PrometheusClient prometheus(served.Prometheus());
  agent::PolicyGate gate = *agent::PolicyGate::Parse("1");

  cli::LiveRequest request;
  request.rest = served.Rest();
  request.prompt = simtest::LoadOrDie("scenarios/payment-service-oom.yaml").prompt;
  request.allow_mutations = true;
  request.gate = &gate;
  request.metrics = &prometheus;
  request.clock = &clock;
  Result<cli::LiveRun> live = cli::RunLive(request);
  ASSERT_TRUE(live.ok()) << live.status().ToString();

  kubetest::ExpectSameRun(want, live->result);
  EXPECT_EQ(agent::RunOutcomeName(live->result.outcome), std::string("passed"));
  EXPECT_EQ(live->writes_passed, 1);
  EXPECT_EQ(live->writes_refused, 0);
  // The approved change reached the served cluster.
  served.server->WithSimulation([](Simulation& sim) {
    Result<Json> d = sim.cluster().Get("Deployment", "production", "payment-service");
    ASSERT_TRUE(d.ok());
    EXPECT_EQ((*d)["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"], "512Mi");
  });
  ASSERT_TRUE(served.server->Stop().ok());
}

TEST(ServeLiveConformance, APrometheusUrlWithoutTheMountIsANamedToolError) {
  ServedFlagship served;
  ASSERT_NE(served.server, nullptr);
  ServerClock clock(*served.server);
  PrometheusConfig wrong = served.Prometheus();
  wrong.url = served.server->url();  // the Kubernetes API, not /prometheus
  PrometheusClient prometheus(wrong);
  agent::PolicyGate gate = *agent::PolicyGate::Parse("deny");
  cli::LiveRequest request;
  request.rest = served.Rest();
  request.prompt = "payment-service latency is up";
  request.gate = &gate;
  request.metrics = &prometheus;
  request.clock = &clock;
  Result<cli::LiveRun> live = cli::RunLive(request);
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  int prometheus_errors = 0;
  for (const agent::Step& s : live->result.transcript) {
    if (s.call.name != "prometheus.query" || !s.result.is_error) continue;
    ++prometheus_errors;
    EXPECT_EQ(s.result.text.rfind("prometheus: HTTP 404: ", 0), 0u) << s.result.text;
    EXPECT_NE(s.result.text.find("(is the URL the Prometheus base URL?)"), std::string::npos) << s.result.text;
  }
  EXPECT_GT(prometheus_errors, 0);
  ASSERT_TRUE(served.server->Stop().ok());
}

TEST(ServeLiveConformance, AWrongTokenIsRefusedBeforeTheLoop) {
  ServedFlagship served;
  ASSERT_NE(served.server, nullptr);
  agent::PolicyGate gate = *agent::PolicyGate::Parse("1");
  cli::LiveRequest request;
  request.rest = served.Rest();
  request.rest.token = "not-the-token";
  request.prompt = "investigate";
  request.gate = &gate;
  Result<cli::LiveRun> live = cli::RunLive(request);
  EXPECT_EQ(live.status().code(), StatusCode::kUnauthenticated) << live.status().ToString();
  ASSERT_TRUE(served.server->Stop().ok());
}

}  // namespace
}  // namespace kf
