// The cluster of a replay that feeds recorded tool results: no cluster at
// all, only a virtual clock for the loop (started at the run's recorded start
// and moved to each recorded result's time). Every cluster operation fails
// with FailedPrecondition "replay has no cluster", so anything that slipped
// past the recording shows up instead of reaching a real system.
#pragma once

#include "engine/tools/cluster_backend.h"

namespace kf::replay {

class ReplayCluster final : public ClusterBackend {
 public:
  explicit ReplayCluster(UnixMillis start) : clock_(start) {}

  Result<Json> Get(const std::string& kind, const std::string& ns, const std::string& name) override;
  Result<Json> List(const std::string& kind, const std::string& ns, const ListOptions& options) override;
  Result<Json> Patch(const std::string& kind, const std::string& ns, const std::string& name,
                     PatchType type, const Json& patch, bool dry_run) override;
  Result<Json> Create(const std::string& kind, const std::string& ns, const Json& object,
                      bool dry_run) override;
  Result<Json> Delete(const std::string& kind, const std::string& ns, const std::string& name,
                      bool dry_run) override;
  Result<std::string> Logs(const std::string& ns, const std::string& pod, const std::string& container,
                           bool previous, int tail_lines) override;
  Result<Json> PodMetrics(const std::string& ns, const std::string& label_selector) override;
  Clock& clock() override { return clock_; }
  VirtualClock& virtual_clock() { return clock_; }

 private:
  VirtualClock clock_;
};

}  // namespace kf::replay
