// A loopback Kubernetes API server for the live client's tests: serves a
// ClusterBackend (normally a simulation's SimBackend) over HTTP or HTTPS
// with the REST paths, query parameters, content types and Status error
// bodies of the real API server (shared/reference/kube-api.md), optionally
// requiring a bearer token (401 otherwise), a client certificate (mTLS),
// or refusing some (verb, resource) pairs with 403 as RBAC does. Every
// request is recorded. Requests are served one at a time under mutex(),
// which a test also holds while it advances the backend's virtual clock.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/tools/cluster_backend.h"
#include "tests/testing/fake_llm_server.h"

namespace kf::testing {

struct FakeKubeOptions {
  bool tls = false;
  std::string cert_file, key_file;  // the server certificate (tls)
  std::string client_ca_file;       // set: a client certificate signed by it is required
  std::string required_token;       // set: "Authorization: Bearer <token>" is required
  // (verb, resource) pairs answered 403 for user "bob", e.g. {"patch", "deployments"}.
  std::set<std::pair<std::string, std::string>> forbidden;
  // Runs (under mutex()) after every request that reached the backend.
  std::function<void(const ReceivedRequest&)> after_request;
};

class FakeKubeServer {
 public:
  // `backend` is not owned and must outlive the server.
  FakeKubeServer(ClusterBackend* backend, FakeKubeOptions options);
  ~FakeKubeServer();  // Stop()s
  FakeKubeServer(const FakeKubeServer&) = delete;
  FakeKubeServer& operator=(const FakeKubeServer&) = delete;

  // Binds 127.0.0.1 on a free port and serves on a background thread.
  bool Start();
  void Stop();
  int port() const { return port_; }
  // "https://127.0.0.1:PORT" or "http://..."
  std::string BaseUrl() const;
  std::vector<ReceivedRequest> Requests() const;
  std::mutex& mutex() { return mu_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::mutex mu_;
};

}  // namespace kf::testing
