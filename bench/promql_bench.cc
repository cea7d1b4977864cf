// The seed's query, histogram_quantile(0.99, rate(
//   http_request_duration_seconds_bucket{service="payment-service"}[5m])),
// over one hour of 15s scrapes of a latency histogram (11 buckets) for 5,000
// pods: our engine against the real Prometheus (Debian's 2.42) on the same
// data in one run. The series are exported as OpenMetrics, loaded with
// promtool and served on loopback. Prints both times (median of 5 runs after
// a warm-up; Prometheus's include its HTTP round trip and JSON) and the ratio.
//
//   build/bench/promql_bench [pods] [minutes]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <cmath>
#include "engine/metrics/openmetrics.h"
#include "engine/metrics/prometheus_client.h"
#include "engine/metrics/promql_engine.h"
#include "tests/testing/real_prometheus.h"

namespace {

using Clock = std::chrono::steady_clock;

constexpr kf::UnixMillis kEnd = 1773154020000;  // 2026-03-10T14:47:00Z
constexpr kf::DurationMs kScrape = 15000;
const char* kQuery =
    "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{service=\"payment-service\"}[5m]))";

void Fill(kf::SeriesStore& store, int pods, int minutes) {
  const std::vector<double> les = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  const kf::UnixMillis start = kEnd - minutes * 60 * 1000;
  for (int p = 0; p < pods; ++p) {
    const std::string pod = "payment-service-" + std::to_string(p);
    std::vector<kf::SeriesStore::SeriesId> ids;
    for (size_t b = 0; b <= les.size(); ++b) {
      std::ostringstream le;
      if (b < les.size()) le << les[b]; else le << "+Inf";
      ids.push_back(store.Intern({{"__name__", "http_request_duration_seconds_bucket"},
                                  {"le", le.str()},
                                  {"pod", pod},
                                  {"service", "payment-service"}}));
    }
    std::vector<double> totals(ids.size(), 0);
    const double slow = 0.02 + 0.3 * (p % 17) / 17.0;  // share of slow requests
    for (kf::UnixMillis t = start; t <= kEnd; t += kScrape) {
      const double n = 150 + (p * 7 + t / kScrape) % 50;
      for (size_t b = 0; b < ids.size(); ++b) {
        const double frac = b < les.size() ? std::min(1.0, (b + 1) / 6.0) * (1 - slow * (b < 7)) : 1;
        totals[b] += std::round(n * frac);
        store.Append(ids[b], t, totals[b]);
      }
    }
  }
}

double MedianSeconds(int runs, const std::function<bool()>& fn) {
  if (!fn()) return -1;  // warm-up
  std::vector<double> s;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    if (!fn()) return -1;
    s.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::sort(s.begin(), s.end());
  return s[s.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int pods = argc > 1 ? std::atoi(argv[1]) : 5000;
  const int minutes = argc > 2 ? std::atoi(argv[2]) : 60;
  kf::SeriesStore store;
  Fill(store, pods, minutes);
  std::printf("data: %d pods, %zu series, %zu samples over %d minutes\n", pods, store.all().size(),
              store.SampleCount(), minutes);
  kf::PromqlEngine engine(&store);
  const kf::UnixMillis range_start = kEnd - (minutes - 5) * 60 * 1000;
  size_t ours_series = 0;
  const double ours_instant = MedianSeconds(5, [&] {
    auto r = engine.Query(kQuery, kEnd);
    ours_series = r.ok() ? (*r)["result"].size() : 0;
    return r.ok();
  });
  const double ours_range =
      MedianSeconds(5, [&] { return engine.QueryRange(kQuery, range_start, kEnd, 60000).ok(); });
  std::printf("kubeflight: instant %.4fs (%zu series), range (1m step) %.4fs\n", ours_instant,
              ours_series, ours_range);

  if (!kf::testing::RealPrometheus::Installed()) {
    std::printf("prometheus: skipped: %s\n", kf::testing::RealPrometheus::kNotInstalled);
    return 0;
  }
  std::ostringstream om;
  kf::WriteOpenMetrics(store, {kEnd - minutes * 60 * 1000, kEnd, 0}, om);
  kf::testing::RealPrometheus server;
  const auto load0 = Clock::now();
  kf::Status s = server.Start(om.str());
  if (!s.ok()) {
    std::fprintf(stderr, "prometheus: %s\n", s.message().c_str());
    return 1;
  }
  std::printf("prometheus: loaded (promtool + start) in %.1fs\n",
              std::chrono::duration<double>(Clock::now() - load0).count());
  kf::PrometheusClient client({.url = server.BaseUrl(), .timeout = 600000});
  size_t their_series = 0;
  const double their_instant = MedianSeconds(5, [&] {
    auto r = client.Query(kQuery, kEnd);
    if (!r.ok()) std::fprintf(stderr, "prometheus: %s\n", r.status().message().c_str());
    their_series = r.ok() ? (*r)["result"].size() : 0;
    return r.ok();
  });
  const double their_range =
      MedianSeconds(5, [&] { return client.QueryRange(kQuery, range_start, kEnd, 60000).ok(); });
  std::printf("prometheus: instant %.4fs (%zu series), range (1m step) %.4fs\n", their_instant,
              their_series, their_range);
  std::printf("ratio kubeflight/prometheus: instant %.2f, range %.2f\n", ours_instant / their_instant,
              ours_range / their_range);
  return 0;
}
