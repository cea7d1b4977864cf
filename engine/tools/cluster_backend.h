// The ClusterBackend seam: Kubernetes objects as JSON, exactly as the API
// server returns them. Implemented in process by the simulator
// (engine/sim/sim_backend.h) and over HTTP by the live client (engine/kube).
// Everything above it (tools, renderers, agents) is written once against it.
//
// Kinds are named by their Kind ("Pod", "Deployment", "ReplicaSet", "Event",
// "Service", "Endpoints", "ConfigMap", "Secret", "Node", "Namespace", ...).
// Cluster-scoped kinds take an empty namespace. Errors use Kubernetes
// semantics: NotFound (404), Conflict/AlreadyExists (409), InvalidArgument
// (422/400), with the API server's message, e.g.
//   NotFound: deployments.apps "nope" not found
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

enum class PatchType {
  kStrategicMerge,  // application/strategic-merge-patch+json
  kMerge,           // application/merge-patch+json (RFC 7386)
  kJson,            // application/json-patch+json (RFC 6902)
};

struct ListOptions {
  std::string label_selector;  // "app=payment-service,tier in (web)"
  std::string field_selector;  // "involvedObject.name=x,reason=OOMKilling"
};

class ClusterBackend {
 public:
  virtual ~ClusterBackend() = default;

  // The object, as JSON.
  virtual Result<Json> Get(const std::string& kind, const std::string& ns,
                           const std::string& name) = 0;
  // A List object: {"apiVersion":"v1","kind":"PodList","items":[...]}, items
  // ordered by namespace then name. Empty ns lists all namespaces.
  virtual Result<Json> List(const std::string& kind, const std::string& ns,
                            const ListOptions& options) = 0;
  // Applies a patch as the API server would and returns the updated object.
  // dry_run validates and returns the would-be object without storing it.
  virtual Result<Json> Patch(const std::string& kind, const std::string& ns,
                             const std::string& name, PatchType type, const Json& patch,
                             bool dry_run = false) = 0;
  virtual Result<Json> Create(const std::string& kind, const std::string& ns, const Json& object,
                              bool dry_run = false) = 0;
  // Deletes the object and returns it (as the API server returns it).
  virtual Result<Json> Delete(const std::string& kind, const std::string& ns,
                              const std::string& name, bool dry_run = false) = 0;
  // Container logs; previous selects the last terminated instance. tail_lines
  // < 0 means all lines.
  virtual Result<std::string> Logs(const std::string& ns, const std::string& pod,
                                   const std::string& container, bool previous,
                                   int tail_lines) = 0;
  // metrics.k8s.io/v1beta1 PodMetricsList for the namespace and selector.
  virtual Result<Json> PodMetrics(const std::string& ns, const std::string& label_selector) = 0;

  // The cluster's clock: virtual in simulation, wall in live mode. Waiting
  // (rollout progress) is Clock().Sleep(d).
  virtual Clock& clock() = 0;
};

}  // namespace kf
