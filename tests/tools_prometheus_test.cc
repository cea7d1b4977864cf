#include <gtest/gtest.h>

#include "engine/tools/prometheus_format.h"
#include "engine/tools/tool.h"
#include "tests/testing/fake_cluster.h"

namespace kf {
namespace {

using testing::FakeCluster;
using testing::FakeMetrics;
using testing::kFakeNow;

const char* kP99 =
    "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{service=\"payment-service\"}[5m]))";

class ToolsPrometheusTest : public ::testing::Test {
 protected:
  ToolResult Invoke(const std::string& tool, const Json& args) {
    return ToolCatalog::Default().Invoke(tool, args, ToolContext{&cluster_, &metrics_});
  }
  FakeCluster cluster_;
  FakeMetrics metrics_;
};

TEST_F(ToolsPrometheusTest, InstantQueryAtNow) {
  metrics_.SetInstant(kP99, Json::parse(R"({"resultType":"vector","result":[
      {"metric":{"service":"payment-service"},"value":[1773154020,"0.135"]}]})"));
  ToolResult r = Invoke("prometheus.query", {{"query", kP99}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, std::string("promql: ") + kP99);
  EXPECT_EQ(r.text,
            "SERIES                        VALUE\n"
            "{service=\"payment-service\"}   0.135\n");
  EXPECT_EQ(r.structured["resultType"], "vector");
  ASSERT_EQ(metrics_.calls().size(), 1u);
  EXPECT_EQ(metrics_.calls()[0].start, kFakeNow);
}

TEST_F(ToolsPrometheusTest, InstantQueryTimes) {
  metrics_.SetInstant("up", Json::parse(R"({"resultType":"scalar","result":[1,"1"]})"));
  ToolResult r = Invoke("prometheus.query", {{"query", "up"}, {"time", "-15m"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, "promql: up @ 2026-03-10T14:32:00Z");
  EXPECT_EQ(r.text, "1\n");
  EXPECT_EQ(metrics_.calls()[0].start, kFakeNow - 15 * 60 * 1000);
  r = Invoke("prometheus.query", {{"query", "up"}, {"time", "2026-03-10T14:00:00Z"}});
  EXPECT_EQ(metrics_.calls()[1].start, kFakeNow - 47 * 60 * 1000);
  r = Invoke("prometheus.query", {{"query", "up"}, {"time", 1773154000}});
  EXPECT_EQ(metrics_.calls()[2].start, 1773154000000);
  r = Invoke("prometheus.query", {{"query", "up"}, {"time", "yesterday"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "time: cannot parse time \"yesterday\" (use \"now\", \"-15m\", RFC 3339 or Unix seconds)");
}

TEST_F(ToolsPrometheusTest, EmptyAndFailedQueries) {
  metrics_.SetInstant("nothing", Json::parse(R"({"resultType":"vector","result":[]})"));
  EXPECT_EQ(Invoke("prometheus.query", {{"query", "nothing"}}).text, "empty result: no series matched\n");
  ToolResult r = Invoke("prometheus.query", {{"query", "rate(x[5m]"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "prometheus: fake: no scripted answer for rate(x[5m]");
}

TEST_F(ToolsPrometheusTest, NotConfigured) {
  ToolResult r = ToolCatalog::Default().Invoke("prometheus.query", {{"query", "up"}},
                                               ToolContext{&cluster_, nullptr});
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.text, "prometheus is not configured");
  r = ToolCatalog::Default().Invoke("prometheus.query_range", {{"query", "up"}}, ToolContext{&cluster_, nullptr});
  EXPECT_EQ(r.text, "prometheus is not configured");
}

TEST_F(ToolsPrometheusTest, RangeQueryDrawsSparklines) {
  metrics_.SetRange(kP99, Json::parse(R"({"resultType":"matrix","result":[
      {"metric":{"service":"payment-service"},
       "values":[[1,"0.12"],[2,"0.12"],[3,"2.4"],[4,"2.4"],[5,"0.135"]]}]})"));
  ToolResult r = Invoke("prometheus.query_range", {{"query", kP99}, {"start", "-30m"}, {"step", "1m"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.command, std::string("promql range: ") + kP99 +
                           " [2026-03-10T14:17:00Z .. 2026-03-10T14:47:00Z, step 1m]");
  EXPECT_EQ(r.text,
            "SERIES                        TREND   MIN    MAX   LAST\n"
            "{service=\"payment-service\"}   ▁▁██▁   0.12   2.4   0.135\n");
  ASSERT_EQ(metrics_.calls().size(), 1u);
  EXPECT_EQ(metrics_.calls()[0].start, kFakeNow - 30 * 60 * 1000);
  EXPECT_EQ(metrics_.calls()[0].end, kFakeNow);
  EXPECT_EQ(metrics_.calls()[0].step, 60 * 1000);
  EXPECT_EQ(r.structured["resultType"], "matrix");
}

TEST_F(ToolsPrometheusTest, RangeDefaultsAndErrors) {
  metrics_.SetRange("up", Json::parse(R"({"resultType":"matrix","result":[]})"));
  ToolResult r = Invoke("prometheus.query_range", {{"query", "up"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(metrics_.calls()[0].start, kFakeNow - 3600 * 1000);
  EXPECT_EQ(metrics_.calls()[0].step, 60 * 1000);  // an hour in 60 steps
  r = Invoke("prometheus.query_range", {{"query", "up"}, {"start", "-5m"}, {"end", "-10m"}});
  EXPECT_EQ(r.text, "start: must not be after end");
  r = Invoke("prometheus.query_range", {{"query", "up"}, {"step", "fast"}});
  EXPECT_EQ(r.text, "step: must be a positive duration such as \"30s\" or a number of seconds");
}

TEST(ToolsPrometheusFormatTest, LongResultsAreCut) {
  Json instant = {{"resultType", "vector"}, {"result", Json::array()}};
  Json range = {{"resultType", "matrix"}, {"result", Json::array()}};
  for (int i = 0; i < 53; ++i) {
    Json metric = {{"pod", "p" + std::to_string(i)}};
    instant["result"].push_back({{"metric", metric}, {"value", {1, std::to_string(i)}}});
    range["result"].push_back({{"metric", metric}, {"values", {{1, "1"}, {2, "2"}}}});
  }
  for (const std::string& text : {RenderPromInstant(instant), RenderPromRange(range)}) {
    EXPECT_NE(text.find("{pod=\"p49\"}"), std::string::npos);
    EXPECT_EQ(text.find("{pod=\"p50\"}"), std::string::npos);
    const std::string tail = "... and 3 more series (the structured result has all of them)\n";
    ASSERT_GE(text.size(), tail.size());
    EXPECT_EQ(text.substr(text.size() - tail.size()), tail);
  }
}

TEST(ToolsPrometheusFormatTest, SparklineAndLabels) {
  EXPECT_EQ(Sparkline({0, 1, 2, 3, 4, 5, 6, 7}), "▁▂▃▄▅▆▇█");
  EXPECT_EQ(Sparkline({5, 5, 5}), "▄▄▄");
  EXPECT_EQ(Sparkline({1, NAN, 2}), "▁ █");
  EXPECT_EQ(Sparkline({0, 1, 0, 7}, 2), "▁█");  // buckets keep their maximum
  EXPECT_EQ(FormatPromLabels(Json{{"__name__", "up"}, {"job", "api"}}), "up{job=\"api\"}");
  EXPECT_EQ(FormatPromLabels(Json{{"__name__", "up"}}), "up");
  EXPECT_EQ(FormatPromLabels(Json::object()), "{}");
  EXPECT_EQ(FormatPromValue(0.1349999), "0.135");
}

}  // namespace
}  // namespace kf
