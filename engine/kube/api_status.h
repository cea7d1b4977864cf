// Turns an API server's error response into a kf::Status, as kubectl words
// it. A metav1 Status body gives its message verbatim, with the code chosen
// by its reason (NotFound → kNotFound, Forbidden → kPermissionDenied,
// AlreadyExists, Conflict, Invalid/BadRequest → kInvalidArgument, ...):
//   NotFound: deployments.apps "nope" not found
//   PermissionDenied: deployments.apps "x" is forbidden: User "bob" cannot
//     patch resource "deployments" in API group "apps" in the namespace "prod"
// A body that is not a Status gets client-go's wording with the request
// named, e.g. `the server could not find the requested resource (get
// deployments.apps x)`, `an error on the server ("boom") has prevented the
// request from succeeding (get pods)`, and a 403 `forbidden: cannot patch
// resource "deployments" in API group "apps" in the namespace "prod"`.
// A 401 is Unauthenticated `You must be logged in to the server
// (Unauthorized): <where and why>`.
#pragma once

#include <string>

#include "engine/core/status.h"
#include "engine/kube/http_client.h"
#include "engine/sim/kinds.h"

namespace kf::kube {

// What the request was, for messages.
struct RequestInfo {
  std::string verb;  // "get", "list", "patch", "delete", "create"
  const KindInfo* kind = nullptr;
  std::string resource_override;  // "pods/log", "pods.metrics.k8s.io"
  std::string ns;
  std::string name;
};

// REQUIRES: response.status >= 400. `where` names the server and the
// credentials' origin for 401s (`the API server at 127.0.0.1:6443 rejected
// the credentials of context "kind-dev" of /home/u/.kube/config`).
Status StatusFromResponse(const KubeResponse& response, const RequestInfo& request,
                          const std::string& where);

}  // namespace kf::kube
