// Resolves the kind names people and models type ("deploy", "deployments",
// "Deployment", "po", "pods") to the Kind the ClusterBackend takes, with what
// kubectl needs to print references ("deployment.apps/payment-service").
#pragma once

#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace kf {

struct KindName {
  std::string kind;      // "Deployment"
  std::string resource;  // "deployments"
  std::string group;     // "apps"; "" for the core group
  bool namespaced = true;

  // kubectl's type word in commands: "deployment", "pod".
  std::string Word() const;
  // kubectl's object reference in output: "deployment.apps/NAME", "pod/NAME".
  std::string Ref(const std::string& name) const;
};

// InvalidArgument `the server doesn't have a resource type "x"` when unknown.
Result<KindName> ResolveKind(std::string_view name);

}  // namespace kf
