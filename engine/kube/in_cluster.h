// The in-cluster service account, as client-go's rest.InClusterConfig reads
// it: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT give the server
// ("https://" + host:port, IPv6 bracketed); the service account directory
// holds `token` (re-read as the kubelet rotates it), `ca.crt` and
// `namespace`.
#pragma once

#include <functional>
#include <string>

#include "engine/core/status.h"
#include "engine/kube/rest_config.h"

namespace kf::kube {

inline constexpr const char* kServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

struct InClusterOptions {
  std::string service_account_dir = kServiceAccountDir;  // tests point it elsewhere
  std::function<std::string(const std::string&)> getenv;  // defaults to getenv
};

// True when both environment variables are set.
bool InCluster(const InClusterOptions& options);

// NotFound "not running inside a cluster: ..." when a variable is missing;
// InvalidArgument when the token or ca.crt is missing or unreadable
// (naming the file).
Result<RestConfig> LoadInCluster(const InClusterOptions& options);

}  // namespace kf::kube
