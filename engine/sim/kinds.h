// The table of Kubernetes kinds the engine knows: Kind ↔ resource plural ↔
// group/version ↔ scope ↔ short names. The one place tool argument
// validation, the simulated API server, error messages and the API facade
// look kinds up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kf {

struct KindInfo {
  std::string kind;      // "Deployment"
  std::string resource;  // "deployments"
  std::string singular;  // "deployment"
  std::string group;     // "apps"; "" for the core group
  std::string version;   // "v1"
  bool namespaced = true;
  std::vector<std::string> short_names;  // {"deploy"}

  // "apps/v1", or "v1" for the core group.
  std::string ApiVersion() const;
  // "deployments.apps", or "pods" for the core group: how the API server
  // names the resource in messages ("deployments.apps \"x\" not found").
  std::string QualifiedResource() const;
  // "Deployment.apps", or "Pod" for the core group: used in Invalid messages.
  std::string QualifiedKind() const;
  // "DeploymentList".
  std::string ListKind() const { return kind + "List"; }
};

// Finds a kind by Kind ("Deployment"), resource ("deployments"), singular
// ("deployment"), short name ("deploy"), or any of these qualified by the
// group ("deployments.apps", "deploy.apps"). Case-insensitive. Returns nullptr
// when unknown. The returned pointer is valid for the program's lifetime.
const KindInfo* FindKind(std::string_view kind_or_resource_or_shortname);

// Every known kind, in a fixed order (core first, then by group).
const std::vector<KindInfo>& AllKinds();

// The resource name for messages: "pods", "deployments.apps". An unknown kind
// is lowercased and pluralised naively ("Widget" → "widgets").
std::string ResourceName(std::string_view kind);

}  // namespace kf
