// How to reach and authenticate to one Kubernetes API server: what a
// kubeconfig context (kubeconfig.h) or the in-cluster service account
// (in_cluster.h) resolves to. Paths are absolute (relative kubeconfig paths
// are resolved against the file that named them); *_pem fields hold PEM text
// (decoded from *-data). Holds secrets: never log or record a RestConfig.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kf::kube {

// users[].user.exec: a client-go credential plugin (EKS, GKE, AKS).
struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or /v1beta1
  std::string command;      // resolved: absolute when it held a '/', else looked up in PATH
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string install_hint;
  bool provide_cluster_info = false;
  std::string interactive_mode;  // Never | IfAvailable | Always
};

struct RestConfig {
  std::string server;  // "https://host:port[/prefix]"
  std::string ns = "default";  // the context's namespace
  // Where it came from, for messages: `context "kind-dev" of /home/u/.kube/config`
  // or "the in-cluster service account".
  std::string origin;
  std::string context;  // empty in-cluster
  std::string user;     // the kubeconfig user name, for messages

  // TLS
  std::string ca_file;
  std::string ca_pem;
  std::string client_cert_file, client_cert_pem;
  std::string client_key_file, client_key_pem;
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;
  std::string proxy_url;

  // Credentials; sent over https only (as client-go does).
  std::string token;
  std::string token_file;  // re-read at most once a minute
  std::string username, password;  // basic auth (legacy)
  std::optional<ExecConfig> exec;
};

}  // namespace kf::kube
