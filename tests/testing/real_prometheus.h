// The real Prometheus from Debian's `prometheus` package, loaded with
// OpenMetrics data through `promtool tsdb create-blocks-from openmetrics`
// and served on 127.0.0.1 on a free port, for conformance tests and the
// PromQL benchmark.
//
//   RealPrometheus p;
//   if (!RealPrometheus::Installed()) GTEST_SKIP() << RealPrometheus::kNotInstalled;
//   ASSERT_TRUE(p.Start(openmetrics_text).ok());
//   PrometheusClient client({.url = p.BaseUrl()});
//
// Everything (blocks, config, the server's log) lives in a fresh temporary
// directory that Stop() removes. Stop() (and the destructor) terminates the
// server it started, by pid.
#pragma once

#include <string>
#include <sys/types.h>

#include "engine/core/status.h"

namespace kf::testing {

class RealPrometheus {
 public:
  static constexpr const char* kNotInstalled =
      "prometheus/promtool not installed (Debian package `prometheus`; scripts/test.sh installs it)";
  // Both `prometheus` and `promtool` are on PATH.
  static bool Installed();

  RealPrometheus() = default;
  ~RealPrometheus();
  RealPrometheus(const RealPrometheus&) = delete;
  RealPrometheus& operator=(const RealPrometheus&) = delete;

  // Writes `openmetrics` to a file, builds TSDB blocks from it with promtool,
  // starts the server over them (retention 100y, so blocks from the
  // scenario's past are kept) and waits until /-/ready answers 200 (gives up
  // after 60s). Errors carry the tool's output.
  Status Start(const std::string& openmetrics);
  void Stop();
  // "http://127.0.0.1:PORT".
  std::string BaseUrl() const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace kf::testing
