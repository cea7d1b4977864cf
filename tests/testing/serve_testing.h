// Helpers for the serve tests: a paused `kubeflight serve` of the flagship
// scenario in process, and running real kubectl binaries against it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/serve/server.h"

namespace kf::testing {

// A paused, unrecorded (unless db is given) server for scenarios/NAME.yaml.
std::unique_ptr<serve::Server> StartServe(const std::string& scenario = "payment-service-oom",
                                          bool tls = false, const std::string& db = "");

// Every kubectl this machine has: $KUBEFLIGHT_KUBECTL, `kubectl` on PATH,
// and /usr/local/bin/kubectl-1.* (e.g. Debian's kubernetes-client 1.20 kept
// beside the gcloud kubectl), deduplicated by real path.
std::vector<std::string> FindKubectls();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `kubectl --kubeconfig KUBECONFIG --cache-dir (fresh) ARGS` with HOME
// set to a scratch directory; args are passed to the shell as written.
CommandResult RunKubectl(const std::string& kubectl, const std::string& kubeconfig,
                         const std::string& args);

}  // namespace kf::testing
