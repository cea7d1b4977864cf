// The live MetricsBackend: a client of a real Prometheus's HTTP API
// (/api/v1/query, /api/v1/query_range, /api/v1/series) over libcurl, with
// bearer-token or basic auth and TLS (a CA file, or skipping verification).
//
// Results are the API's "data" member, unchanged. Errors say what to do next:
//   Unavailable       unreachable (connection refused, DNS, TLS), 429, 5xx
//   DeadlineExceeded  the request timed out
//   Unauthenticated   401;  PermissionDenied 403
//   InvalidArgument   400/422 carrying Prometheus's own message, e.g.
//                     "prometheus: bad_data: 1:6: parse error: ..."
//   Internal          a body that is not the API's JSON envelope
// Credentials are sent as headers and never appear in an error message.
// Thread-compatible: one request at a time per client.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/metrics/metrics_backend.h"

namespace kf {

struct PrometheusConfig {
  // Base URL, e.g. "http://127.0.0.1:9090" or "https://host/prometheus"
  // (a path prefix is kept; a trailing slash is ignored).
  std::string url;
  std::string bearer_token;          // Authorization: Bearer ...
  std::string username, password;    // basic auth, when username is set
  std::string ca_file;               // PEM bundle that signs the server's certificate
  bool insecure_skip_verify = false; // do not verify the server's certificate
  DurationMs timeout = 30000;
};

// Reads KUBEFLIGHT_PROMETHEUS_URL, _TOKEN, _USER, _PASSWORD, _CA_FILE and
// _INSECURE ("1"/"true") into `base` where base leaves a field empty (flags
// win over the environment).
PrometheusConfig PrometheusConfigFromEnv(PrometheusConfig base = {});

// Checks a config before use: a URL with an http or https scheme; not both a
// token and basic auth; a password only with a user.
Status ValidatePrometheusConfig(const PrometheusConfig& config);

class PrometheusClient;

// What live mode calls: `flags` (from AddPrometheusFlags, engine/cli/
// prometheus_flags.h) completed from the environment, validated, and a client.
Result<std::unique_ptr<PrometheusClient>> NewPrometheusClient(const PrometheusConfig& flags);

class PrometheusClient final : public MetricsBackend {
 public:
  // REQUIRES: ValidatePrometheusConfig(config).ok().
  explicit PrometheusClient(PrometheusConfig config);

  Result<Json> Query(const std::string& promql, UnixMillis at) override;
  Result<Json> QueryRange(const std::string& promql, UnixMillis start, UnixMillis end,
                          DurationMs step) override;
  // /api/v1/series: the label sets of series matching any of `matchers`
  // (e.g. "up{job=\"api\"}") within [start, end]; a JSON array of objects.
  Result<Json> Series(const std::vector<std::string>& matchers, UnixMillis start, UnixMillis end);

 private:
  // POSTs form `params` to `path` and returns the envelope's "data".
  Result<Json> Call(const std::string& path,
                    const std::vector<std::pair<std::string, std::string>>& params);

  PrometheusConfig config_;
};

// A time as the API's form parameter: Unix seconds with milliseconds,
// "1773153600" or "1773153600.5".
std::string PrometheusTimeParam(UnixMillis t);

}  // namespace kf
