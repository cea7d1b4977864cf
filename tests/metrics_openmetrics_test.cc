// The OpenMetrics export: exact text, and that promtool and the real
// Prometheus read it back with the same times and values.
#include <gtest/gtest.h>

#include <sstream>

#include "engine/metrics/openmetrics.h"
#include "engine/metrics/prometheus_client.h"
#include "tests/testing/real_prometheus.h"
#include "tests/testing/test_util.h"

namespace kf {
namespace {

constexpr UnixMillis kT = 1773154020000;

SeriesStore Sample() {
  SeriesStore s;
  const Labels base = {{"service", "pay"}};
  auto with = [&](const char* name, Labels extra) {
    Labels l = base;
    l.insert(extra.begin(), extra.end());
    l["__name__"] = name;
    return l;
  };
  for (int i = 0; i < 2; ++i) {
    const UnixMillis t = kT + i * 15000;
    s.Append(with("lat_bucket", {{"le", "0.5"}}), t, 1 + i);
    s.Append(with("lat_bucket", {{"le", "+Inf"}}), t, 2 + i);
    s.Append(with("lat_bucket", {{"le", "0.25"}}), t, 0.5);
    s.Append(with("lat_sum", {}), t, 0.75 * (i + 1));
    s.Append(with("lat_count", {}), t, 2 + i);
    s.Append(with("requests_total", {{"code", "200"}}), t, 10 * i);
  }
  s.Append({{"__name__", "mem"}, {"pod", "a\"b\\c\nd"}}, kT + 15, 1e-7);
  s.Append({{"__name__", "mem"}, {"pod", "a\"b\\c\nd"}}, kT + 15000, StaleNaN());
  s.Append({{"__name__", "mem"}, {"pod", "x"}}, kT - 60000, 2);
  return s;
}

TEST(OpenMetricsTest, FamiliesTypesAndEscaping) {
  std::ostringstream out;
  WriteOpenMetrics(Sample(), {kT - 60000, kT + 60000, 0}, out);
  EXPECT_EQ(out.str(),
            "# TYPE lat histogram\n"
            "lat_bucket{le=\"0.25\",service=\"pay\"} 0.5 1773154020\n"
            "lat_bucket{le=\"0.5\",service=\"pay\"} 1 1773154020\n"
            "lat_bucket{le=\"+Inf\",service=\"pay\"} 2 1773154020\n"
            "lat_count{service=\"pay\"} 2 1773154020\n"
            "lat_sum{service=\"pay\"} 0.75 1773154020\n"
            "lat_bucket{le=\"0.25\",service=\"pay\"} 0.5 1773154035\n"
            "lat_bucket{le=\"0.5\",service=\"pay\"} 2 1773154035\n"
            "lat_bucket{le=\"+Inf\",service=\"pay\"} 3 1773154035\n"
            "lat_count{service=\"pay\"} 3 1773154035\n"
            "lat_sum{service=\"pay\"} 1.5 1773154035\n"
            "# TYPE mem gauge\n"
            "mem{pod=\"a\\\"b\\\\c\\nd\"} 0.0000001 1773154020.0151\n"
            "mem{pod=\"x\"} 2 1773153960\n"
            "# TYPE requests counter\n"
            "requests_total{code=\"200\",service=\"pay\"} 0 1773154020\n"
            "requests_total{code=\"200\",service=\"pay\"} 10 1773154035\n"
            "# EOF\n");
}

TEST(OpenMetricsTest, WindowAndStepThinning) {
  const SeriesStore s = ExportedSeries(Sample(), {kT, kT + 20000, 60000});
  // mem{pod="x"} is before the window; the stale marker is dropped; the step
  // keeps the first sample per minute.
  EXPECT_EQ(s.all().size(), 7u);
  EXPECT_EQ(s.SampleCount(), 7u);
  EXPECT_EQ(ExportedSeries(Sample(), {kT, kT + 20000, 0}).SampleCount(), 13u);
}

TEST(OpenMetricsTest, Timestamps) {
  EXPECT_EQ(OpenMetricsTimestamp(kT), "1773154020");
  EXPECT_EQ(OpenMetricsTimestamp(kT + 15), "1773154020.0151");
  EXPECT_EQ(OpenMetricsTimestamp(-1500), "-1.5001");
}

// promtool reads the file back with millisecond times and exact values.
TEST(OpenMetricsTest, RealPrometheusReadsItBack) {
  if (!testing::RealPrometheus::Installed()) GTEST_SKIP() << testing::RealPrometheus::kNotInstalled;
  std::ostringstream out;
  WriteOpenMetrics(Sample(), {kT - 60000, kT + 60000, 0}, out);
  testing::RealPrometheus server;
  Status started = server.Start(out.str());
  ASSERT_TRUE(started.ok()) << started.message();
  PrometheusClient client({.url = server.BaseUrl()});
  Result<Json> r = client.Query("timestamp(mem{pod!=\"x\"})", kT + 1000);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)["result"][0]["value"][1], "1773154020.015");
  r = client.Query("mem{pod!=\"x\"}", kT + 1000);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)["result"][0]["value"][1], "1e-07");  // Prometheus prints small values with an exponent
  EXPECT_EQ((*r)["result"][0]["metric"]["pod"], "a\"b\\c\nd");
  r = client.Query("histogram_quantile(0.5, lat_bucket)", kT + 15000);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)["result"][0]["value"][1], "0.41666666666666663");  // 0.25 + 0.25 * (1.5 - 0.5) / 1.5
}

// `kubeflight metrics export` writes the flagship's window and reports it.
TEST(MetricsExportCommand, WritesFileAndSummary) {
  const std::string file = testing::TempDir() + "/flagship.om";
  std::string output;
  ASSERT_EQ(testing::RunKubeflight("metrics export payment-service-oom --from -10m -o " + file, &output,
                                   /*merge_stderr=*/true),
            0)
      << output;
  EXPECT_NE(output.find(" samples (2026-03-10T14:37:00Z .. 2026-03-10T14:47:00Z) to " + file),
            std::string::npos)
      << output;
  const std::string text = testing::ReadFileOrDie(file);
  EXPECT_NE(text.find("# TYPE http_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE container_memory_working_set_bytes gauge\n"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 6), "# EOF\n");
  EXPECT_EQ(text.find(" 1773153419"), std::string::npos);  // nothing before --from

  EXPECT_EQ(testing::RunKubeflight("metrics export payment-service-oom --from yesterday", &output, true), 2);
  EXPECT_EQ(output,
            "--from: \"yesterday\" is neither an offset from the alert time (-40m, +10m) nor RFC 3339\n");
  EXPECT_EQ(testing::RunKubeflight("metrics export payment-service-oom --from 0s --to -5m", &output, true), 2);
  EXPECT_EQ(output, "--to: 2026-03-10T14:42:00Z is before --from 2026-03-10T14:47:00Z\n");
}

}  // namespace
}  // namespace kf
