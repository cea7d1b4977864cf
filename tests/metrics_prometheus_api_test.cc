// HandlePrometheusApi: the API's shapes and error texts over a small store.
// Equality with the real server: metrics_prometheus_conformance_test.cc.
#include <gtest/gtest.h>

#include "engine/core/json.h"
#include "engine/metrics/prometheus_api.h"

namespace kf {
namespace {

constexpr UnixMillis kT = 1773154020000;

class PrometheusApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i <= 4; ++i) {
      const UnixMillis t = kT - (4 - i) * 15000;
      store_.Append({{"__name__", "http_requests_total"}, {"code", "200"}, {"service", "pay"}}, t, 100.0 * i);
      store_.Append({{"__name__", "http_requests_total"}, {"code", "500"}, {"service", "pay"}}, t, 3.0 * i);
      store_.Append({{"__name__", "up"}, {"job", "pay"}}, t, 1);
    }
  }
  Json Call(const std::string& path, const ApiParams& params, int want_status = 200,
            const std::string& method = "GET") {
    PrometheusApiReply r = HandlePrometheusApi(store_, kT, method, path, params);
    EXPECT_EQ(r.status, want_status) << r.body;
    if (r.content_type != "application/json") return r.body;
    return Json::parse(r.body);
  }
  SeriesStore store_;
};

TEST_F(PrometheusApiTest, InstantQueryDefaultsToNow) {
  Json r = Call("/api/v1/query", {{"query", "sum by (code) (rate(http_requests_total[1m]))"}});
  EXPECT_EQ(r.dump(),
            R"({"data":{"result":[{"metric":{"code":"200"},"value":[1773154020,"6.666666666666667"]},)"
            R"({"metric":{"code":"500"},"value":[1773154020,"0.2"]}],"resultType":"vector"},"status":"success"})");
  r = Call("/api/v1/query", {{"query", "up"}, {"time", "2026-03-10T14:46:30Z"}}, 200, "POST");
  EXPECT_EQ(r["data"]["result"][0]["value"].dump(), R"([1773153990,"1"])");
  r = Call("/api/v1/query", {{"query", "1+1"}, {"time", "1773154000.5"}});
  EXPECT_EQ(r["data"].dump(), R"({"result":[1773154000.5,"2"],"resultType":"scalar"})");
}

TEST_F(PrometheusApiTest, RangeQuery) {
  Json r = Call("/api/v1/query_range",
                {{"query", "up"}, {"start", "1773153960"}, {"end", "1773154020"}, {"step", "30s"}});
  EXPECT_EQ(r["data"].dump(),
            R"({"result":[{"metric":{"__name__":"up","job":"pay"},"values":[[1773153960,"1"],)"
            R"([1773153990,"1"],[1773154020,"1"]]}],"resultType":"matrix"})");
  r = Call("/api/v1/query_range", {{"query", "up"}, {"start", "1773153960"}, {"end", "1773154020"}, {"step", "60"}});
  EXPECT_EQ(r["data"]["result"][0]["values"].size(), 2u);
}

TEST_F(PrometheusApiTest, ErrorsHavePrometheusShapesAndTexts) {
  Json r = Call("/api/v1/query", {{"query", "rate(up"}}, 400);
  EXPECT_EQ(r.dump(),
            R"({"error":"invalid parameter \"query\": 1:8: parse error: unclosed left parenthesis",)"
            R"("errorType":"bad_data","status":"error"})");
  r = Call("/api/v1/query", {{"query", "up"}, {"time", "yesterday"}}, 400);
  EXPECT_EQ(r["error"], "invalid parameter \"time\": cannot parse \"yesterday\" to a valid timestamp");
  r = Call("/api/v1/query_range", {{"query", "up"}, {"end", "1"}, {"step", "1"}}, 400);
  EXPECT_EQ(r["error"], "invalid parameter \"start\": cannot parse \"\" to a valid timestamp");
  r = Call("/api/v1/query_range", {{"query", "up"}, {"start", "1"}, {"end", "2"}, {"step", "x"}}, 400);
  EXPECT_EQ(r["error"], "invalid parameter \"step\": cannot parse \"x\" to a valid duration");
  r = Call("/api/v1/query_range", {{"query", "up"}, {"start", "5"}, {"end", "2"}, {"step", "1"}}, 400);
  EXPECT_EQ(r["error"], "end timestamp must not be before start time");
  r = Call("/api/v1/query_range", {{"query", "up"}, {"start", "0"}, {"end", "100000"}, {"step", "1"}}, 400);
  EXPECT_EQ(r["error"],
            "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
            "resolution (?step=XX)");
  r = Call("/api/v1/query", {{"query", "http_requests_total / ignoring(code) http_requests_total"}}, 422);
  EXPECT_EQ(r["errorType"], "execution");
  EXPECT_EQ(Call("/api/v1/nope", {}, 404).get<std::string>(), "404 page not found\n");
  EXPECT_EQ(Call("/api/v1/query", {{"query", "up"}}, 405, "DELETE").get<std::string>(),
            "Method Not Allowed\n");
}

TEST_F(PrometheusApiTest, SeriesLabelsAndValues) {
  Json r = Call("/api/v1/series", {{"match[]", "http_requests_total{code=~\"5..\"}"}, {"match[]", "up"}});
  EXPECT_EQ(r["data"].dump(),
            R"([{"__name__":"http_requests_total","code":"500","service":"pay"},{"__name__":"up","job":"pay"}])");
  r = Call("/api/v1/series", {{"match[]", "up"}, {"start", "1773154100"}});
  EXPECT_EQ(r["data"].dump(), "[]");
  r = Call("/api/v1/series", {}, 400);
  EXPECT_EQ(r["error"], "no match[] parameter provided");
  r = Call("/api/v1/series", {{"match[]", "rate(up[5m])"}}, 400);
  EXPECT_EQ(r["error"], "invalid parameter \"match[]\": \"rate(up[5m])\" is not a series selector");
  EXPECT_EQ(Call("/api/v1/labels", {})["data"].dump(), R"(["__name__","code","job","service"])");
  EXPECT_EQ(Call("/api/v1/labels", {{"match[]", "up"}})["data"].dump(), R"(["__name__","job"])");
  EXPECT_EQ(Call("/api/v1/label/code/values", {})["data"].dump(), R"(["200","500"])");
  EXPECT_EQ(Call("/api/v1/label/__name__/values", {})["data"].dump(), R"(["http_requests_total","up"])");
  EXPECT_EQ(Call("/api/v1/label/1x/values", {}, 400)["error"], "invalid label name: \"1x\"");
}

TEST_F(PrometheusApiTest, BuildInfo) {
  Json r = Call("/api/v1/status/buildinfo", {});
  EXPECT_EQ(r["data"]["version"], "2.42.0");
  EXPECT_EQ(r["status"], "success");
}

}  // namespace
}  // namespace kf
