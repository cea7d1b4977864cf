// client-go exec credential plugins (client.authentication.k8s.io v1 and
// v1beta1), as `aws eks get-token`, gke-gcloud-auth-plugin and kubelogin
// implement them. The plugin runs with the parent environment plus exec.env
// plus KUBERNETES_EXEC_INFO (an ExecCredential whose spec carries
// interactive=false and, with provideClusterInfo, the cluster); its stdin is
// /dev/null, its stderr passes through. It prints an ExecCredential whose
// status holds a token or a PEM client certificate/key pair and an optional
// expirationTimestamp.
#pragma once

#include <mutex>
#include <string>

#include "engine/core/clock.h"
#include "engine/core/status.h"
#include "engine/kube/rest_config.h"

namespace kf::kube {

// A credential returned by a plugin. Secrets: never log.
struct ExecCredential {
  std::string token;
  std::string client_cert_pem;
  std::string client_key_pem;
  UnixMillis expires = 0;  // 0: no expiry given (kept until the server answers 401)
};

// Runs the plugin once. Errors (FailedPrecondition unless said):
//   exec plugin: executable "aws" not found[: <installHint>]
//   exec plugin "aws" failed: exit status 1
//   exec plugin "aws": invalid ExecCredential output: <why>
//   exec plugin is configured to use API version X, plugin returned version Y
//   exec plugin didn't return a token or cert/key pair
Result<ExecCredential> RunExecPlugin(const ExecConfig& config, const std::string& exec_info_json);

// The KUBERNETES_EXEC_INFO value for `config` and the cluster of `rest`.
std::string ExecInfoJson(const ExecConfig& config, const RestConfig& rest);

// Caches a plugin's credential until its expirationTimestamp (read on
// `clock`). Thread-safe.
class ExecCredentialCache {
 public:
  // `rest` must hold an exec config. `clock` is not owned.
  ExecCredentialCache(const RestConfig& rest, Clock* clock);

  // The cached credential, running the plugin when there is none, it has
  // expired, or `refresh` is set (after a 401).
  Result<ExecCredential> Get(bool refresh = false);
  int runs() const;  // how many times the plugin ran

 private:
  ExecConfig config_;
  std::string exec_info_;
  Clock* clock_;
  mutable std::mutex mu_;
  bool have_ = false;
  ExecCredential cached_;
  int runs_ = 0;
};

}  // namespace kf::kube
