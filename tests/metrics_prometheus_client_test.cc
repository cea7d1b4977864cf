// PrometheusClient against a loopback fake (auth headers, form parameters,
// error mapping). Against the real Prometheus: metrics_prometheus_conformance_test.cc.
#include <gtest/gtest.h>

#include <cstdlib>

#include "engine/metrics/prometheus_client.h"
#include "tests/testing/fake_llm_server.h"

namespace kf {
namespace {

using testing::FakeLlmServer;
using testing::ScriptedResponse;

constexpr UnixMillis kT = 1773154020000;

ScriptedResponse Body(int status, const std::string& body) {
  ScriptedResponse r;
  r.status = status;
  r.body = body;
  return r;
}

const char* kVector =
    R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[1773154020,"0.135"]}]}})";

class PrometheusClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start()); }
  PrometheusClient Client(PrometheusConfig c = {}) {
    c.url = server_.BaseUrl() + "/prom/";
    return PrometheusClient(c);
  }
  FakeLlmServer server_;
};

TEST_F(PrometheusClientTest, InstantQuerySendsFormAndBearerToken) {
  server_.Push(Body(200, kVector));
  Result<Json> r = Client({.bearer_token = "s3cret"}).Query("up{job=\"a b\"}", kT + 500);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->dump(), Json::parse(kVector)["data"].dump());
  ASSERT_EQ(server_.Requests().size(), 1u);
  const testing::ReceivedRequest req = server_.Requests()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/prom/api/v1/query");
  EXPECT_EQ(req.headers.at("authorization"), "Bearer s3cret");
  EXPECT_EQ(req.headers.at("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(req.body, "query=up%7Bjob%3D%22a%20b%22%7D&time=1773154020.5");
}

TEST_F(PrometheusClientTest, RangeQueryAndSeriesParameters) {
  server_.Push(Body(200, R"({"status":"success","data":{"resultType":"matrix","result":[]}})"));
  server_.Push(Body(200, R"({"status":"success","data":[{"__name__":"up","job":"a"}]})"));
  PrometheusClient c = Client();
  Result<Json> m = c.QueryRange("up", kT - 60000, kT, 15000);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ((*m)["resultType"], "matrix");
  Result<Json> s = c.Series({"up", "down{x=\"1\"}"}, kT - 60000, kT);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->dump(), R"([{"__name__":"up","job":"a"}])");
  const auto reqs = server_.Requests();
  EXPECT_EQ(reqs[0].path, "/prom/api/v1/query_range");
  EXPECT_EQ(reqs[0].body, "query=up&start=1773153960&end=1773154020&step=15");
  EXPECT_EQ(reqs[1].path, "/prom/api/v1/series");
  EXPECT_EQ(reqs[1].body,
            "match%5B%5D=up&match%5B%5D=down%7Bx%3D%221%22%7D&start=1773153960&end=1773154020");
  EXPECT_EQ(reqs[0].headers.count("authorization"), 0u);
}

TEST_F(PrometheusClientTest, BasicAuth) {
  server_.Push(Body(200, kVector));
  ASSERT_TRUE(Client({.username = "ops", .password = "pw"}).Query("up", kT).ok());
  EXPECT_EQ(server_.Requests()[0].headers.at("authorization"), "Basic b3BzOnB3");  // ops:pw
}

TEST_F(PrometheusClientTest, BadDataCarriesPrometheusMessage) {
  server_.Push(Body(400, R"({"status":"error","errorType":"bad_data","error":"1:6: parse error: unclosed left parenthesis"})"));
  Result<Json> r = Client().Query("rate(", kT);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "prometheus: HTTP 400: bad_data: 1:6: parse error: unclosed left parenthesis");
}

TEST_F(PrometheusClientTest, UnauthorizedNeverShowsTheToken) {
  server_.Push(Body(401, "Unauthorized"));
  Result<Json> r = Client({.bearer_token = "s3cret"}).Query("up", kT);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(r.status().message(),
            "prometheus: HTTP 401: Unauthorized (check the token or user/password)");
  EXPECT_EQ(r.status().message().find("s3cret"), std::string::npos);
}

TEST_F(PrometheusClientTest, ServerErrorsAreUnavailable) {
  server_.Push(Body(503, R"({"status":"error","errorType":"unavailable","error":"too many queries"})"));
  Result<Json> r = Client().Query("up", kT);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message(), "prometheus: HTTP 503: unavailable: too many queries");
}

TEST_F(PrometheusClientTest, BadJson) {
  server_.Push(Body(200, "<html>login</html>"));
  server_.Push(Body(200, R"({"status":"error"})"));
  PrometheusClient c = Client();
  Result<Json> r = c.Query("up", kT);
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
  EXPECT_EQ(r.status().message(), "prometheus at " + server_.BaseUrl() +
                                      "/prom/api/v1/query: response is not JSON: <html>login</html>");
  r = c.Query("up", kT);
  EXPECT_EQ(r.status().message(),
            "prometheus at " + server_.BaseUrl() +
                "/prom/api/v1/query: response has no \"status\":\"success\" and \"data\": "
                "{\"status\":\"error\"}");
}

TEST(PrometheusClientUnreachable, ConnectionRefused) {
  FakeLlmServer s;
  ASSERT_TRUE(s.Start());
  const std::string url = s.BaseUrl();
  s.Stop();
  Result<Json> r = PrometheusClient({.url = url}).Query("up", kT);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message().rfind("prometheus at " + url + " is unreachable: ", 0), 0u)
      << r.status().message();
}

TEST(PrometheusConfig, ValidationErrors) {
  EXPECT_EQ(ValidatePrometheusConfig({}).message(),
            "prometheus: no URL (set --prometheus-url or KUBEFLIGHT_PROMETHEUS_URL)");
  EXPECT_EQ(ValidatePrometheusConfig({.url = "localhost:9090"}).message(),
            "prometheus: URL \"localhost:9090\" must start with http:// or https://");
  EXPECT_EQ(ValidatePrometheusConfig({.url = "http://p", .bearer_token = "t", .username = "u"}).message(),
            "prometheus: give either a bearer token or a user and password, not both");
  EXPECT_EQ(ValidatePrometheusConfig({.url = "http://p", .password = "p"}).message(),
            "prometheus: a password needs a user (KUBEFLIGHT_PROMETHEUS_USER)");
  EXPECT_TRUE(ValidatePrometheusConfig({.url = "https://p/prom"}).ok());
}

TEST(PrometheusConfig, EnvironmentFillsWhatFlagsLeaveEmpty) {
  setenv("KUBEFLIGHT_PROMETHEUS_URL", "https://prom.example:9090", 1);
  setenv("KUBEFLIGHT_PROMETHEUS_TOKEN", "tok", 1);
  setenv("KUBEFLIGHT_PROMETHEUS_CA_FILE", "/etc/ca.pem", 1);
  setenv("KUBEFLIGHT_PROMETHEUS_INSECURE", "true", 1);
  PrometheusConfig c = PrometheusConfigFromEnv({.url = "http://flag:9090"});
  unsetenv("KUBEFLIGHT_PROMETHEUS_URL");
  unsetenv("KUBEFLIGHT_PROMETHEUS_TOKEN");
  unsetenv("KUBEFLIGHT_PROMETHEUS_CA_FILE");
  unsetenv("KUBEFLIGHT_PROMETHEUS_INSECURE");
  EXPECT_EQ(c.url, "http://flag:9090");
  EXPECT_EQ(c.bearer_token, "tok");
  EXPECT_EQ(c.ca_file, "/etc/ca.pem");
  EXPECT_TRUE(c.insecure_skip_verify);
}

TEST(PrometheusConfig, NewClientValidates) {
  unsetenv("KUBEFLIGHT_PROMETHEUS_URL");
  auto c = NewPrometheusClient({});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "prometheus: no URL (set --prometheus-url or KUBEFLIGHT_PROMETHEUS_URL)");
  EXPECT_TRUE(NewPrometheusClient({.url = "http://127.0.0.1:9090"}).ok());
}

TEST(PrometheusTimeParam, SecondsWithMilliseconds) {
  EXPECT_EQ(PrometheusTimeParam(1773154020000), "1773154020");
  EXPECT_EQ(PrometheusTimeParam(1773154020500), "1773154020.5");
  EXPECT_EQ(PrometheusTimeParam(1773154020015), "1773154020.015");
  EXPECT_EQ(PrometheusTimeParam(15000), "15");
  EXPECT_EQ(PrometheusTimeParam(-1500), "-1.5");
}

}  // namespace
}  // namespace kf
