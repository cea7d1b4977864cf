// SimBackend: the ClusterBackend of a simulated cluster — the API server's
// verbs over the ObjectStore, with its defaulting, validation, error texts
// (engine/sim/api_errors.h), label/field selectors (selector.h), patch types
// (patch.h), optimistic concurrency on metadata.resourceVersion, dry runs,
// cascading deletes (background propagation), container logs (current and
// previous instance, as the kubelet picks them) and metrics.k8s.io pod
// metrics (what metrics-server last scraped).
//
// Every mutation runs the controllers before returning (as if the caller
// waited the few milliseconds a real control plane takes to react); reads
// never change state. Not thread-safe.
#pragma once

#include <functional>
#include <string>

#include "engine/tools/cluster_backend.h"

namespace kf::sim {

struct SimWorld;
class Kubelet;
class MetricsEmitter;

class SimBackend final : public ClusterBackend {
 public:
  // All pointers must outlive the backend. settle runs pending controller
  // work at the current virtual time.
  SimBackend(SimWorld* world, const Kubelet* kubelet, const MetricsEmitter* metrics,
             std::function<void()> settle)
      : w_(world), kubelet_(kubelet), metrics_(metrics), settle_(std::move(settle)) {}

  Result<Json> Get(const std::string& kind, const std::string& ns,
                   const std::string& name) override;
  Result<Json> List(const std::string& kind, const std::string& ns,
                    const ListOptions& options) override;
  Result<Json> Patch(const std::string& kind, const std::string& ns, const std::string& name,
                     PatchType type, const Json& patch, bool dry_run = false) override;
  Result<Json> Create(const std::string& kind, const std::string& ns, const Json& object,
                      bool dry_run = false) override;
  Result<Json> Delete(const std::string& kind, const std::string& ns, const std::string& name,
                      bool dry_run = false) override;
  Result<std::string> Logs(const std::string& ns, const std::string& pod,
                           const std::string& container, bool previous, int tail_lines) override;
  Result<Json> PodMetrics(const std::string& ns, const std::string& label_selector) override;
  Clock& clock() override;

  // Create without running controllers, keeping a given status (Nodes,
  // Namespaces) — how a scenario's initial objects are loaded.
  Status CreateInitial(const Json& object);

 private:
  void DeleteDependents(const std::string& uid);

  SimWorld* w_;
  const Kubelet* kubelet_;
  const MetricsEmitter* metrics_;
  std::function<void()> settle_;
};

}  // namespace kf::sim
