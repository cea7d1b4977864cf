// Prometheus's HTTP API (v1) over a SeriesStore, independent of any HTTP
// server, so that `kubeflight serve` can mount it and outside agents,
// Grafana or promtool can query the simulated series as they would a real
// Prometheus 2.42:
//   GET|POST /api/v1/query         query, time (default now)
//   GET|POST /api/v1/query_range   query, start, end, step
//   GET|POST /api/v1/series        match[] (1+), start, end
//   GET|POST /api/v1/labels        [match[]], start, end
//   GET      /api/v1/label/<name>/values   [match[]], start, end
//   GET      /api/v1/status/buildinfo
// Times are Unix seconds (with a fraction) or RFC 3339; durations are
// seconds or Prometheus durations ("15s"). Bodies are the API's envelope:
//   {"status":"success","data":...}
//   {"status":"error","errorType":"bad_data","error":"..."}   (HTTP 400)
// with Prometheus's error types and texts: bad parameters and parse errors
// are bad_data/400 ("invalid parameter \"query\": 1:6: parse error: ..."),
// evaluation errors execution/422, an unknown path 404, a wrong method 405.
// Series and label endpoints consider series with a sample in [start, end]
// (default: every sample up to `now`).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/core/clock.h"
#include "engine/metrics/series_store.h"

namespace kf {

struct PrometheusApiReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// Query-string and form parameters in arrival order (match[] repeats). For a
// POST the caller merges the urlencoded body into `params`.
using ApiParams = std::vector<std::pair<std::string, std::string>>;

// `path` starts at "/api/v1/" (the caller strips any mount prefix); `now`
// is the virtual time queries default to. Not thread-safe with writers of
// `store`.
PrometheusApiReply HandlePrometheusApi(const SeriesStore& store, UnixMillis now,
                                       const std::string& method, const std::string& path,
                                       const ApiParams& params);

}  // namespace kf
