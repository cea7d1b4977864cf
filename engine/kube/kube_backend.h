// KubeBackend: the ClusterBackend of a real cluster, over the Kubernetes
// REST API (kubectl's requests, reference: shared/reference/kube-api.md):
//
//   Get     GET  /api/v1/namespaces/NS/pods/NAME, /apis/apps/v1/...
//   List    GET  the collection with labelSelector/fieldSelector, limit=500
//                and continue, items given kind/apiVersion and ordered by
//                (namespace, name) as the seam promises
//   Patch   PATCH with the patch type's content type, fieldManager=kubeflight,
//                dryRun=All for a dry run (previews)
//   Create  POST the collection; Delete DELETE (background propagation)
//   Logs    GET  pods/NAME/log?container=&previous=true&tailLines=N
//   PodMetrics GET /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods
//
// Scale, rollout undo/restart and set image are written by the tools as
// patches (engine/tools/mutation_plan.h), so they are sent exactly as
// kubectl's client side computes them; rollout status polls Get on clock().
// Errors: api_status.h for HTTP errors, http_client.h for transport ones;
// a missing metrics API is NotFound "Metrics API not available".
// Thread-safe (requests are serialised).
#pragma once

#include <memory>
#include <string>

#include "engine/core/clock.h"
#include "engine/kube/http_client.h"
#include "engine/kube/rest_config.h"
#include "engine/tools/cluster_backend.h"

namespace kf::kube {

struct KubeBackendOptions {
  // The backend's clock; null: its own WallClock (live mode). Tests pass the
  // fake server's virtual clock so renderings (ages) match the simulator.
  Clock* clock = nullptr;
  std::string field_manager = "kubeflight";
};

class KubeBackend final : public ClusterBackend {
 public:
  // InvalidArgument when the server URL is unusable. Nothing is sent yet.
  static Result<std::unique_ptr<KubeBackend>> Create(const RestConfig& config,
                                                     KubeBackendOptions options = {});

  Result<Json> Get(const std::string& kind, const std::string& ns, const std::string& name) override;
  Result<Json> List(const std::string& kind, const std::string& ns, const ListOptions& options) override;
  Result<Json> Patch(const std::string& kind, const std::string& ns, const std::string& name,
                     PatchType type, const Json& patch, bool dry_run = false) override;
  Result<Json> Create(const std::string& kind, const std::string& ns, const Json& object,
                      bool dry_run = false) override;
  Result<Json> Delete(const std::string& kind, const std::string& ns, const std::string& name,
                      bool dry_run = false) override;
  Result<std::string> Logs(const std::string& ns, const std::string& pod, const std::string& container,
                           bool previous, int tail_lines) override;
  Result<Json> PodMetrics(const std::string& ns, const std::string& label_selector) override;
  Clock& clock() override { return *clock_; }

  // GET /version: a cheap reachability and credentials check.
  Result<Json> ServerVersion();
  const RestConfig& config() const { return config_; }
  KubeHttpClient& http() { return *http_; }

 private:
  KubeBackend(RestConfig config, KubeBackendOptions options);
  // Sends and decodes a JSON response; errors mapped with `info`.
  Result<Json> Call(const KubeRequest& request, const struct RequestInfo& info);
  std::string Where() const;

  RestConfig config_;
  KubeBackendOptions options_;
  std::unique_ptr<Clock> own_clock_;
  Clock* clock_ = nullptr;
  std::unique_ptr<KubeHttpClient> http_;
};

}  // namespace kf::kube
