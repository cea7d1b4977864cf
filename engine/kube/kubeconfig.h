// kubeconfig loading as kubectl does it (client-go clientcmd): the files of
// $KUBECONFIG (':'-separated; missing files skipped) merged so that the first
// file defining a cluster, user or context name wins and current-context
// comes from the first file that sets it; else ~/.kube/config; an explicit
// --kubeconfig path replaces both and must exist. The chosen context
// (--context, else current-context) resolves to a RestConfig.
//
// Errors are InvalidArgument and name the file, the line and the field:
//   /tmp/k/config:7: users[0].user.client-certificate-data: invalid base64
//   /tmp/k/config:4: contexts[0].context.cluster: cluster "prod" is not defined
//   context "staging" not found in /tmp/k/config (contexts: dev, prod)
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/kube/rest_config.h"

namespace kf::kube {

struct KubeconfigOptions {
  std::string explicit_path;  // --kubeconfig; empty: $KUBECONFIG, then ~/.kube/config
  std::string context;        // --context; empty: current-context
  // Environment lookups (KUBECONFIG, HOME); defaults to getenv. Tests replace it.
  std::function<std::string(const std::string&)> getenv;
};

// The files consulted, in precedence order (explicit path, or $KUBECONFIG's
// entries that exist, or ~/.kube/config when it exists). Empty when none.
std::vector<std::string> KubeconfigFiles(const KubeconfigOptions& options);

// Loads, merges and resolves. NotFound "no kubeconfig: ..." when no file
// exists; InvalidArgument for a bad file or an unusable context.
Result<RestConfig> LoadKubeconfig(const KubeconfigOptions& options);

// Loads and merges the given files, then resolves `context` (empty: the
// merged current-context).
Result<RestConfig> LoadKubeconfigFiles(const std::vector<std::string>& files,
                                       const std::string& context);

}  // namespace kf::kube
