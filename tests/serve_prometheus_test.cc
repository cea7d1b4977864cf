// `kubeflight serve` answers Prometheus's HTTP API over the simulated series
// under /prometheus, with the same answers as the engine's own handler.
#include <httplib.h>

#include <gtest/gtest.h>

#include "engine/core/json.h"
#include "engine/metrics/prometheus_api.h"
#include "engine/sim/simulation.h"
#include "engine/serve/prometheus_mount.h"
#include "engine/serve/server.h"
#include "tests/testing/serve_testing.h"

namespace kf {
namespace {

TEST(ServePrometheusTest, QueriesTheSimulatedSeriesUnderTheMountPrefix) {
  std::unique_ptr<serve::Server> server = testing::StartServe();
  ASSERT_NE(server, nullptr);
  serve::MountPrometheusApi(server.get());
  httplib::Client client("127.0.0.1", server->port());

  // The payment-service pods' working sets, as the engine's own handler
  // answers at the served (paused) virtual time.
  const std::string query = "container_memory_working_set_bytes{namespace=\"production\"}";
  auto res = client.Get("/prometheus/api/v1/query",
                        httplib::Params{{"query", query}}, httplib::Headers{});
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200) << res->body;
  Json body = Json::parse(res->body);
  EXPECT_EQ(body["status"], "success") << res->body;
  EXPECT_EQ(body["data"]["resultType"], "vector") << res->body;
  EXPECT_GE(body["data"]["result"].size(), 3u) << res->body;
  std::string direct;
  server->WithSimulation([&](Simulation& sim) {
    direct = HandlePrometheusApi(sim.series(), sim.clock().Now(), "GET", "/api/v1/query",
                                 {{"query", query}})
                 .body;
  });
  EXPECT_EQ(res->body, direct);

  // POST with a form body, and Prometheus's error shape for a parse error.
  res = client.Post("/prometheus/api/v1/query", "query=sum(", "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  body = Json::parse(res->body);
  EXPECT_EQ(body["status"], "error");
  EXPECT_EQ(body["errorType"], "bad_data");

  // The Kubernetes API is still served beside it.
  res = client.Get("/api/v1/namespaces/production/pods");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Json::parse(res->body)["kind"], "PodList");
}

}  // namespace
}  // namespace kf
