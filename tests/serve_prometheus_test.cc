// `kubeflight serve` answers Prometheus's HTTP API over the simulated series
// under /prometheus, with the same answers as the engine's own handler.
#include <httplib.h>

#include <gtest/gtest.h>

#include "engine/core/json.h"
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

  // The flagship's four payment-service pods have a working-set series each.
  auto res = client.Get(
      "/prometheus/api/v1/query?query=count(container_memory_working_set_bytes%7Bnamespace%3D%22production%22%2Ccontainer%3D%22payment-service%22%7D)");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200) << res->body;
  Json body = Json::parse(res->body);
  EXPECT_EQ(body["status"], "success") << res->body;
  EXPECT_EQ(body["data"]["resultType"], "vector") << res->body;
  ASSERT_EQ(body["data"]["result"].size(), 1u) << res->body;
  EXPECT_EQ(body["data"]["result"][0]["value"][1], "4") << res->body;

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
