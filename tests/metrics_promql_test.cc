// Targeted tests of the PromQL engine: parse error texts, value formatting,
// result shapes, and the seed walkthrough's latency query.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/metrics/promql/parser.h"
#include "engine/metrics/promql/value_format.h"
#include "engine/metrics/promql_engine.h"
#include "engine/metrics/promql_test_script.h"
#include "engine/metrics/series_store.h"

namespace kf {
namespace {

std::string ParseError(const std::string& q) {
  auto r = promql::ParseExpr(q);
  if (r.ok()) return "(parsed)";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << q;
  return r.status().message();
}

TEST(PromqlParse, ErrorTexts) {
  EXPECT_EQ(ParseError("sum(rate(foo[5m])"), "1:18: parse error: unclosed left parenthesis");
  EXPECT_EQ(ParseError("foo{bar=\"baz\""),
            "1:14: parse error: unexpected end of input inside braces");
  EXPECT_EQ(ParseError("1 +"), "1:4: parse error: unexpected end of input");
  EXPECT_EQ(ParseError("foo +\n"), "2:1: parse error: unexpected end of input");
  EXPECT_EQ(ParseError("rate(foo)"),
            "1:6: parse error: expected type range vector in call to function \"rate\", got "
            "instant vector");
  EXPECT_EQ(ParseError("foo(bar)"), "1:1: parse error: unknown function with name \"foo\"");
  EXPECT_EQ(ParseError("histogram_quantile(0.9)"),
            "1:1: parse error: expected 2 argument(s) in call to \"histogram_quantile\", got 1");
  EXPECT_EQ(ParseError("{}"),
            "1:1: parse error: vector selector must contain at least one non-empty matcher");
  EXPECT_EQ(ParseError("1 == 1"),
            "1:3: parse error: comparisons between scalars must use BOOL modifier");
  EXPECT_EQ(ParseError("foo and 1"),
            "1:5: parse error: set operator \"and\" not allowed in binary scalar expression");
  EXPECT_EQ(ParseError("sum(foo) offset 5m"),
            "1:10: parse error: offset modifier must be preceded by an instant vector selector "
            "or range vector selector or a subquery");
  EXPECT_EQ(ParseError("foo[5m][1m]"), "1:8: parse error: ranges only allowed for vector selectors");
  EXPECT_EQ(ParseError("foo[5m][10m:1m]"),
            "1:1: parse error: subquery is only allowed on instant vector, got range vector "
            "instead");
  EXPECT_EQ(ParseError("(foo)[5m]"), "1:6: parse error: ranges only allowed for vector selectors");
  EXPECT_EQ(ParseError("foo bar"), "1:5: parse error: unexpected identifier \"bar\"");
  EXPECT_EQ(ParseError("sum by (job) (foo, bar)"),
            "1:1: parse error: wrong number of arguments for aggregate expression provided, "
            "expected 1, got 2");
  EXPECT_EQ(ParseError("foo)"), "1:4: parse error: unexpected right parenthesis ')'");
  EXPECT_EQ(ParseError("rate(foo[5x])"), "1:10: parse error: bad number or duration syntax: \"5x\"");
  EXPECT_EQ(ParseError("foo{a=~\"(\"}").rfind("1:8: parse error: error parsing regexp", 0), 0u);
}

TEST(PromqlParse, PrecedenceAndModifiers) {
  SeriesStore store;
  PromqlEngine engine(&store);
  auto scalar = [&](const std::string& q) {
    auto r = engine.Query(q, 0);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    return r.ok() ? (*r)["result"][1].get<std::string>() : std::string();
  };
  EXPECT_EQ(scalar("2 ^ 3 ^ 2"), "512");   // right-associative
  EXPECT_EQ(scalar("-2 ^ 2"), "-4");       // unary minus binds looser than ^
  EXPECT_EQ(scalar("2 * 3 + 4"), "10");
  EXPECT_EQ(scalar("2 + 3 * 4"), "14");
  EXPECT_EQ(scalar("1 < bool 2"), "1");
  EXPECT_EQ(scalar("10 % 3"), "1");
  EXPECT_EQ(scalar("1 atan2 1"), "0.7853981633974483");
  EXPECT_EQ(scalar("0x10"), "16");
}

TEST(PromqlFormat, Values) {
  using promql::FormatValue;
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(12340000), "12340000");
  EXPECT_EQ(FormatValue(1e21), "1000000000000000000000");
  EXPECT_EQ(FormatValue(1e-7), "0.0000001");
  EXPECT_EQ(FormatValue(-0.2e-6), "-0.0000002");
  EXPECT_EQ(FormatValue(0.135), "0.135");
  EXPECT_EQ(FormatValue(NAN), "NaN");
  EXPECT_EQ(FormatValue(HUGE_VAL), "+Inf");
  EXPECT_EQ(FormatValue(-HUGE_VAL), "-Inf");
  EXPECT_EQ(FormatValue(StaleNaN()), "NaN");
  EXPECT_EQ(promql::TimestampJson(1712345678500).dump(), "1712345678.5");
  EXPECT_EQ(promql::TimestampJson(1712345678000).dump(), "1712345678");
}

// Loads `text` (the .test series notation) into `store`.
void Load(SeriesStore* store, DurationMs interval, const std::vector<std::string>& lines,
          UnixMillis start = 0) {
  for (const auto& l : lines) {
    auto s = promql::ParseSeriesLine(l);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    for (size_t i = 0; i < s->values.size(); ++i) {
      if (s->values[i]) store->Append(s->labels, start + static_cast<int64_t>(i) * interval, *s->values[i]);
    }
  }
}

TEST(PromqlEngine, ResultShapes) {
  SeriesStore store;
  Load(&store, 15000, {"up{job=\"api\",instance=\"a\"} 1x20", "up{job=\"api\",instance=\"b\"} 0x20"});
  PromqlEngine engine(&store);
  auto v = engine.Query("up{instance=\"a\"}", 60000);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->dump(),
            R"({"result":[{"metric":{"__name__":"up","instance":"a","job":"api"},"value":[60,"1"]}],"resultType":"vector"})");
  auto s = engine.Query("scalar(sum(up))", 60500);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->dump(), R"({"result":[60.5,"1"],"resultType":"scalar"})");
  auto str = engine.Query("\"hello\"", 60000);
  ASSERT_TRUE(str.ok());
  EXPECT_EQ(str->dump(), R"({"result":[60,"hello"],"resultType":"string"})");
  auto m = engine.Query("up{instance=\"b\"}[30s]", 60000);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->dump(),
            R"({"result":[{"metric":{"__name__":"up","instance":"b","job":"api"},"values":[[30,"0"],[45,"0"],[60,"0"]]}],"resultType":"matrix"})");
  auto r = engine.QueryRange("sum by (job) (up)", 0, 60000, 30000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->dump(),
            R"({"result":[{"metric":{"job":"api"},"values":[[0,"1"],[30,"1"],[60,"1"]]}],"resultType":"matrix"})");
  auto rs = engine.QueryRange("time()", 0, 2000, 1000);
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(rs->dump(),
            R"({"result":[{"metric":{},"values":[[0,"0"],[1,"1"],[2,"2"]]}],"resultType":"matrix"})");
}

TEST(PromqlEngine, RangeQueryErrors) {
  SeriesStore store;
  PromqlEngine engine(&store);
  EXPECT_EQ(engine.QueryRange("up", 0, 1000, 0).status().message(),
            "zero or negative query resolution step widths are not accepted. Try a positive "
            "integer");
  EXPECT_EQ(engine.QueryRange("up", 1000, 0, 1).status().message(),
            "end timestamp must not be before start time");
  EXPECT_EQ(engine.QueryRange("up", 0, 11001, 1).status().message(),
            "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the "
            "query resolution (?step=XX)");
  EXPECT_EQ(engine.QueryRange("up[5m]", 0, 1000, 1000).status().message(),
            "invalid expression type \"range vector\" for range query, must be Scalar or instant "
            "Vector");
  auto dup = engine.Query("label_replace(vector(1) or label_replace(vector(2), \"a\", \"b\", \"\", \"\"), \"a\", \"\", \"\", \"\")", 0);
  EXPECT_EQ(dup.status().message(), "vector cannot contain metrics with the same labelset");
}

// Buckets of a latency histogram scraped every 15s: per second, `rate`
// requests land in each bucket's share.
void LoadHistogram(SeriesStore* store, const std::string& service, const std::vector<std::pair<std::string, double>>& per_second) {
  for (const auto& [le, r] : per_second) {
    Labels l{{"__name__", "http_request_duration_seconds_bucket"}, {"service", service}, {"le", le}};
    for (int i = 0; i <= 40; ++i) store->Append(l, i * 15000, r * 15 * i);
  }
}

TEST(PromqlEngine, HistogramQuantileOnBucketRates) {
  SeriesStore store;
  // 100 req/s: 50 under 0.1s, 90 under 0.25s, 98 under 0.5s, 100 under 1s.
  LoadHistogram(&store, "payment-service",
                {{"0.1", 50}, {"0.25", 90}, {"0.5", 98}, {"1", 100}, {"+Inf", 100}});
  LoadHistogram(&store, "checkout", {{"0.1", 10}, {"+Inf", 10}});
  PromqlEngine engine(&store);
  auto q = [&](const std::string& query) {
    auto r = engine.Query(query, 600000);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Json();
  };
  // The seed walkthrough's query: p99 latency of payment-service.
  Json seed = q("histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{service=\"payment-service\"}[5m]))");
  ASSERT_EQ(seed["result"].size(), 1u);
  EXPECT_EQ(seed["result"][0]["metric"], Json({{"service", "payment-service"}}));
  // rank 99 lies in (0.5, 1]: 0.5 + 0.5 * (99-98)/(100-98) = 0.75.
  EXPECT_EQ(seed["result"][0]["value"][1], "0.75");
  Json p50 = q("histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{service=\"payment-service\"}[5m])))");
  EXPECT_EQ(p50["result"][0]["value"][1], "0.1");
  Json p90 = q("histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))");
  ASSERT_EQ(p90["result"].size(), 2u);
  // checkout has a single finite bucket: the answer is its upper bound.
  for (const auto& r : p90["result"]) {
    // checkout: rank 9 of 10 in (0, 0.1]; payment: rank 90 is 0.25's count.
    std::string want = r["metric"]["service"] == "checkout" ? "0.09000000000000001" : "0.25";
    EXPECT_EQ(r["value"][1], want) << r.dump();
  }
  // Over a range: constant rates give a constant p99.
  auto range = engine.QueryRange("histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{service=\"payment-service\"}[5m]))", 300000, 600000, 60000);
  ASSERT_TRUE(range.ok()) << range.status().ToString();
  ASSERT_EQ((*range)["result"].size(), 1u);
  EXPECT_EQ((*range)["result"][0]["values"].size(), 6u);
  for (const auto& p : (*range)["result"][0]["values"]) EXPECT_EQ(p[1], "0.75");
}

TEST(PromqlEngine, LargeStoreSmoke) {
  // The simulator's scale: many pods, 240 samples each. Exercises the
  // selector index and binary-searching sample lookups.
  SeriesStore store;
  for (int pod = 0; pod < 2000; ++pod) {
    Labels l{{"__name__", "container_cpu_usage_seconds_total"},
             {"namespace", pod % 10 == 0 ? "payments" : "other"},
             {"pod", "pod-" + std::to_string(pod)}};
    auto id = store.Intern(l);
    for (int i = 0; i < 240; ++i) store.Append(id, i * 15000, i * 0.5);
  }
  PromqlEngine engine(&store);
  auto r = engine.QueryRange("sum by (namespace) (rate(container_cpu_usage_seconds_total[5m]))",
                             600000, 3585000, 15000);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ((*r)["result"].size(), 2u);
  EXPECT_EQ((*r)["result"][0]["metric"]["namespace"], "other");
  // 1800 pods at 1/30 per second each.
  EXPECT_NEAR(std::stod((*r)["result"][0]["values"][0][1].get<std::string>()), 60, 1e-9);
  auto top = engine.Query("topk(3, rate(container_cpu_usage_seconds_total{namespace=\"payments\"}[5m]))", 3585000);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ((*top)["result"].size(), 3u);
}

// The conformance runner must notice wrong answers, not only run queries.
TEST(PromqlTestScript, RunnerReportsMismatches) {
  const char* script = R"(load 5m
  m{a="x"} 0+10x10
  m{a="y"} 1 2 _ stale

eval instant at 50m m
  m{a="x"} 100

eval instant at 50m m
  m{a="x"} 101

eval instant at 50m m{a="x"}
  m{a="x"} 100
  m{a="z"} 1

eval instant at 50m sum(m)
  m{a="x"} 100

eval_fail instant at 50m m

eval_ordered instant at 50m sort_desc(m or vector(1000))
  {} 1000
  m{a="x"} 100

eval_ordered instant at 50m sort(m or vector(1000))
  {} 1000
  m{a="x"} 100

eval instant at 5m m
  m{a="x"} 10
  m{a="y"} 2

eval instant at 15m m{a="y"}

eval instant at 50m scalar(m)
  100
)";
  auto parsed = promql::ParseTestScript(script, "self.test");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  promql::TestRunReport r = promql::RunTestScript(*parsed, {});
  EXPECT_EQ(r.evals, 10);
  std::vector<int> failed;
  for (const auto& f : r.failures) failed.push_back(f.line);
  EXPECT_EQ(failed, (std::vector<int>{8, 11, 15, 18, 24})) << [&] {
    std::string all;
    for (const auto& f : r.failures) all += std::to_string(f.line) + ": " + f.message + "\n";
    return all;
  }();
}

TEST(PromqlTestScript, SeriesNotation) {
  auto s = promql::ParseSeriesLine("a:b{x=\"y\", z='w'} 1+2x2 _ stale 5x1 -1-1x1 Inf");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->labels, (Labels{{"__name__", "a:b"}, {"x", "y"}, {"z", "w"}}));
  ASSERT_EQ(s->values.size(), 10u);
  EXPECT_EQ(*s->values[2], 5);
  EXPECT_FALSE(s->values[3].has_value());
  EXPECT_TRUE(IsStaleNaN(*s->values[4]));
  EXPECT_EQ(*s->values[6], 5);
  EXPECT_EQ(*s->values[8], -2);
  EXPECT_TRUE(std::isinf(*s->values[9]));
  EXPECT_FALSE(promql::ParseSeriesLine("m 1+x3").ok());
}

}  // namespace
}  // namespace kf
