// Kubernetes REST paths, parsed:
//   /api/v1/namespaces/NS/pods/NAME/log
//   /apis/apps/v1/namespaces/NS/deployments/NAME/scale
//   /apis/metrics.k8s.io/v1beta1/nodes
#pragma once

#include <string>

#include "engine/core/status.h"
#include "engine/sim/kinds.h"

namespace kf::serve {

struct ApiPath {
  std::string group;     // "" for the core group
  std::string version;   // "v1"
  std::string ns;        // "" for cluster scope or every namespace
  std::string resource;  // "pods"
  std::string name;      // "" for a collection
  std::string subresource;  // "log", "scale", "status" or ""
  // The kind (nullptr for metrics.k8s.io resources, which are not objects
  // of the store).
  const KindInfo* kind = nullptr;

  bool metrics() const { return group == "metrics.k8s.io"; }
};

// Parses a resource path. NotFound (the API server's 404 "the server could not
// find the requested resource") for paths that name no known resource, or a
// group/version that does not serve it.
Result<ApiPath> ParseApiPath(const std::string& path);

}  // namespace kf::serve
