// HTTP to one Kubernetes API server over libcurl, configured from a
// RestConfig: CA (file or PEM data; the system store otherwise), client
// certificates (files or PEM data; PKCS#1 RSA, SEC1 EC and PKCS#8 keys),
// insecure-skip-tls-verify, tls-server-name (as the URL host, connected to
// the real address), proxy-url, and credentials (bearer token, tokenFile
// re-read once a minute, exec plugins cached until expiry and re-run once on
// a 401, basic auth). As client-go does, credentials are only sent to https
// servers. A 429 is retried up to 3 times after its Retry-After (capped at
// 10s, slept on the clock). libcurl stays inside http_client.cc.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "engine/core/clock.h"
#include "engine/core/status.h"
#include "engine/kube/rest_config.h"

namespace kf::kube {

struct KubeRequest {
  std::string method = "GET";
  std::string target;  // "/api/v1/namespaces/x/pods?labelSelector=app%3Dy"
  std::string accept = "application/json";
  std::string content_type;  // with a body
  std::string body;
};

struct KubeResponse {
  int status = 0;
  std::string content_type;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;
};

class KubeHttpClient {
 public:
  virtual ~KubeHttpClient() = default;
  // Sends one request. An HTTP error status is a response. Transport
  // failures are Unavailable and name the server's host:port and libcurl's
  // reason:
  //   cannot reach the Kubernetes API server at 127.0.0.1:1: Failed to connect ...
  //   TLS verification of the Kubernetes API server at 127.0.0.1:6443 failed: <reason>
  //   (check certificate-authority, or insecure-skip-tls-verify for a test cluster)
  // Credential failures (an exec plugin that fails, an unreadable tokenFile)
  // are returned as they are. Thread-safe (requests are serialised).
  virtual Result<KubeResponse> Do(const KubeRequest& request) = 0;
  // "127.0.0.1:6443": the server's host and port, for messages.
  virtual const std::string& host_port() const = 0;
  // How many times the exec plugin ran (0 without one).
  virtual int exec_runs() const = 0;
};

// `clock` (not owned) times the token file and exec credential caches and
// Retry-After waits. InvalidArgument when the server URL cannot be parsed.
Result<std::unique_ptr<KubeHttpClient>> NewKubeHttpClient(const RestConfig& config, Clock* clock);

}  // namespace kf::kube
