// Conformance with the real Prometheus (Debian's 2.42): the flagship
// scenario's series are exported as OpenMetrics, loaded into a real server
// with promtool, and every query of fixtures/promql-corpus/queries.txt is run
// instant and range through the server's HTTP API and through our engine.
// Both must give the same series and values (relative 1e-9); a query our
// engine does not support must fail with Unimplemented, never a number.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "engine/core/strings.h"
#include "engine/metrics/openmetrics.h"
#include "engine/metrics/prometheus_api.h"
#include "engine/metrics/prometheus_client.h"
#include "engine/metrics/promql_engine.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/simulation.h"
#include "tests/testing/real_prometheus.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

using testing::RealPrometheus;

constexpr DurationMs kMinute = 60 * 1000;

std::vector<std::string> LoadCorpus() {
  std::vector<std::string> out;
  std::istringstream in(
      testing::ReadFileOrDie(testing::SourceDir() + "/fixtures/promql-corpus/queries.txt"));
  std::string line;
  while (std::getline(in, line)) {
    line = Trim(line);
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

double ParseSampleValue(const Json& v) {
  const std::string s = v.get<std::string>();
  if (s == "+Inf") return INFINITY;
  if (s == "-Inf") return -INFINITY;
  return std::strtod(s.c_str(), nullptr);
}

bool SameValue(const Json& a, const Json& b) {
  const double x = ParseSampleValue(a), y = ParseSampleValue(b);
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  if (x == y) return true;
  return std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
}

// [t, "v"] pairs: same time, value within 1e-9.
bool SamePoint(const Json& a, const Json& b) {
  return a.is_array() && b.is_array() && a.size() == 2 && b.size() == 2 &&
         a[0].get<double>() == b[0].get<double>() && SameValue(a[1], b[1]);
}

Json SortedByMetric(Json result) {
  std::stable_sort(result.begin(), result.end(), [](const Json& a, const Json& b) {
    return a["metric"].dump() < b["metric"].dump();
  });
  return result;
}

// "" when `ours` and `theirs` (API "data" members) agree, else what differs.
std::string Diff(const Json& ours, const Json& theirs) {
  if (ours["resultType"] != theirs["resultType"]) {
    return "resultType " + ours["resultType"].dump() + " vs " + theirs["resultType"].dump();
  }
  const std::string type = ours["resultType"];
  if (type == "scalar" || type == "string") {
    return SamePoint(ours["result"], theirs["result"])
               ? ""
               : "ours " + ours["result"].dump() + " vs " + theirs["result"].dump();
  }
  const Json a = SortedByMetric(ours["result"]), b = SortedByMetric(theirs["result"]);
  if (a.size() != b.size()) {
    return std::to_string(a.size()) + " series vs " + std::to_string(b.size()) + "\nours:   " +
           a.dump().substr(0, 1500) + "\ntheirs: " + b.dump().substr(0, 1500);
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i]["metric"] != b[i]["metric"]) {
      return "series " + a[i]["metric"].dump() + " vs " + b[i]["metric"].dump();
    }
    if (type == "vector") {
      if (!SamePoint(a[i]["value"], b[i]["value"])) {
        return a[i]["metric"].dump() + ": " + a[i]["value"].dump() + " vs " + b[i]["value"].dump();
      }
      continue;
    }
    const Json& pa = a[i]["values"];
    const Json& pb = b[i]["values"];
    if (pa.size() != pb.size()) {
      return a[i]["metric"].dump() + ": " + std::to_string(pa.size()) + " points vs " +
             std::to_string(pb.size()) + "\nours:   " + pa.dump().substr(0, 800) +
             "\ntheirs: " + pb.dump().substr(0, 800);
    }
    for (size_t j = 0; j < pa.size(); ++j) {
      if (!SamePoint(pa[j], pb[j])) {
        return a[i]["metric"].dump() + " point " + std::to_string(j) + ": " + pa[j].dump() +
               " vs " + pb[j].dump();
      }
    }
  }
  return "";
}

// Queries of the corpus our engine rejects with Unimplemented (none today).
const std::vector<std::string> kUnsupported = {};

class PrometheusConformanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!RealPrometheus::Installed()) return;
    Result<Scenario> scenario =
        LoadScenarioFile(testing::SourceDir() + "/scenarios/payment-service-oom.yaml");
    ASSERT_TRUE(scenario.ok()) << scenario.status().message();
    Result<std::unique_ptr<Simulation>> sim = Simulation::Create(*scenario);
    ASSERT_TRUE(sim.ok()) << sim.status().message();
    start_ = scenario->start_time;
    t0_ = scenario->alert_time;
    const ExportWindow window{start_, t0_, 0};
    store_ = new SeriesStore(ExportedSeries((*sim)->series(), window));
    std::ostringstream om;
    WriteOpenMetrics((*sim)->series(), window, om);
    server_ = new RealPrometheus();
    Status s = server_->Start(om.str());
    ASSERT_TRUE(s.ok()) << s.message();
  }
  static void TearDownTestSuite() {
    delete server_;  // stops the server
    server_ = nullptr;
    delete store_;
    store_ = nullptr;
  }
  void SetUp() override {
    if (!RealPrometheus::Installed()) GTEST_SKIP() << RealPrometheus::kNotInstalled;
    ASSERT_NE(store_, nullptr);
  }

  // Compares one instant or range query; failures name the query.
  void Check(const std::string& q, Result<Json> ours, Result<Json> theirs, const std::string& how) {
    const bool unsupported =
        std::find(kUnsupported.begin(), kUnsupported.end(), q) != kUnsupported.end();
    if (!ours.ok()) {
      if (!theirs.ok()) return;  // both reject it
      EXPECT_EQ(ours.status().code(), StatusCode::kUnimplemented)
          << how << " " << q << ": our engine fails where Prometheus answers: "
          << ours.status().message();
      EXPECT_TRUE(unsupported) << how << " " << q << " is unsupported: " << ours.status().message();
      return;
    }
    EXPECT_FALSE(unsupported) << q << " is listed as unsupported but answers";
    ASSERT_TRUE(theirs.ok()) << how << " " << q << ": Prometheus fails ("
                             << theirs.status().message() << ") where ours answers";
    const std::string d = Diff(*ours, *theirs);
    EXPECT_EQ(d, "") << how << " " << q;
    const Json& result = (*ours)["result"];
    if (d.empty() && (!result.is_array() || !result.empty())) ++answered_;
  }

  PrometheusClient Client() { return PrometheusClient({.url = server_->BaseUrl()}); }

  // Comparisons that agreed on a non-empty result.
  int answered_ = 0;
  static inline SeriesStore* store_ = nullptr;
  static inline RealPrometheus* server_ = nullptr;
  static inline UnixMillis start_ = 0, t0_ = 0;
};

TEST_F(PrometheusConformanceTest, CorpusHasAtLeastSixtyQueries) {
  EXPECT_GE(LoadCorpus().size(), 60u);
}

TEST_F(PrometheusConformanceTest, SameSeriesLoaded) {
  PrometheusClient client = Client();
  Result<Json> series = client.Series({"{__name__=~\".+\"}"}, start_, t0_);
  ASSERT_TRUE(series.ok()) << series.status().message();
  EXPECT_EQ(series->size(), store_->all().size());
}

TEST_F(PrometheusConformanceTest, InstantQueriesMatch) {
  PromqlEngine engine(store_);
  PrometheusClient client = Client();
  // On a scrape, between scrapes, and early in the window.
  for (UnixMillis at : {t0_, t0_ - 10 * kMinute + 7000, start_ + 20 * kMinute}) {
    for (const std::string& q : LoadCorpus()) {
      Check(q, engine.Query(q, at), client.Query(q, at), "instant @" + FormatRfc3339(at));
    }
  }
  // Most of the corpus must select data: agreeing on empty results proves little.
  std::printf("instant: %d of %zu comparisons agreed on non-empty results\n", answered_,
              3 * LoadCorpus().size());
  EXPECT_GE(answered_, static_cast<int>(3 * LoadCorpus().size() * 8 / 10));
}

TEST_F(PrometheusConformanceTest, RangeQueriesMatch) {
  PromqlEngine engine(store_);
  PrometheusClient client = Client();
  struct Window {
    UnixMillis start, end;
    DurationMs step;
  };
  for (Window w : {Window{start_, t0_, kMinute}, Window{t0_ - 20 * kMinute + 3000, t0_, 37000}}) {
    for (const std::string& q : LoadCorpus()) {
      Check(q, engine.QueryRange(q, w.start, w.end, w.step),
            client.QueryRange(q, w.start, w.end, w.step),
            "range step " + std::to_string(w.step / 1000) + "s");
    }
  }
  std::printf("range: %d of %zu comparisons agreed on non-empty results\n", answered_,
              2 * LoadCorpus().size());
  EXPECT_GE(answered_, static_cast<int>(2 * LoadCorpus().size() * 8 / 10));
}

TEST_F(PrometheusConformanceTest, ErrorsAgreeOnBadQueries) {
  PromqlEngine engine(store_);
  PrometheusClient client = Client();
  for (const char* q : {"rate(http_requests_total)", "sum(", "foo{bar=}", "histogram_quantile(0.9)"}) {
    Result<Json> ours = engine.Query(q, t0_);
    Result<Json> theirs = client.Query(q, t0_);
    ASSERT_FALSE(ours.ok()) << q;
    ASSERT_FALSE(theirs.ok()) << q;
    EXPECT_EQ(ours.status().code(), StatusCode::kInvalidArgument) << q;
    EXPECT_EQ(theirs.status().message(),
              "prometheus: HTTP 400: bad_data: invalid parameter \"query\": " + ours.status().message())
        << q;
  }
}

// HandlePrometheusApi (what `kubeflight serve` mounts) answers like the real
// server: data for corpus queries, series, labels and error envelopes.
TEST_F(PrometheusConformanceTest, ApiHandlerAnswersLikeTheRealServer) {
  PrometheusClient client = Client();
  auto data = [&](const std::string& path, const ApiParams& params) {
    PrometheusApiReply r = HandlePrometheusApi(*store_, t0_, "GET", path, params);
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
    return Json::parse(r.body)["data"];
  };
  const std::string at = PrometheusTimeParam(t0_);
  const std::vector<std::string> corpus = LoadCorpus();
  for (size_t i = 0; i < corpus.size(); i += 4) {
    const std::string& q = corpus[i];
    Result<Json> theirs = client.Query(q, t0_);
    ASSERT_TRUE(theirs.ok()) << q << ": " << theirs.status().message();
    EXPECT_EQ(Diff(data("/api/v1/query", {{"query", q}, {"time", at}}), *theirs), "") << q;
    theirs = client.QueryRange(q, t0_ - 30 * kMinute, t0_, 30000);
    ASSERT_TRUE(theirs.ok()) << q << ": " << theirs.status().message();
    EXPECT_EQ(Diff(data("/api/v1/query_range", {{"query", q},
                                                {"start", PrometheusTimeParam(t0_ - 30 * kMinute)},
                                                {"end", at},
                                                {"step", "30s"}}),
                   *theirs),
              "")
        << q;
  }
  const std::vector<std::string> matchers = {"kube_pod_container_status_restarts_total",
                                             "{__name__=~\"http_.*\", code!=\"200\"}"};
  Result<Json> series = client.Series(matchers, start_, t0_);
  ASSERT_TRUE(series.ok()) << series.status().message();
  EXPECT_EQ(data("/api/v1/series", {{"match[]", matchers[0]},
                                    {"match[]", matchers[1]},
                                    {"start", PrometheusTimeParam(start_)},
                                    {"end", at}}),
            *series);
  PrometheusApiReply bad = HandlePrometheusApi(*store_, t0_, "GET", "/api/v1/query", {{"query", "sum("}});
  Result<Json> theirs_bad = client.Query("sum(", t0_);
  ASSERT_FALSE(theirs_bad.ok());
  EXPECT_EQ(bad.status, 400);
  const Json body = Json::parse(bad.body);
  EXPECT_EQ(theirs_bad.status().message(), "prometheus: HTTP 400: " + body["errorType"].get<std::string>() +
                                                ": " + body["error"].get<std::string>());
}

}  // namespace
}  // namespace kf
