// An in-memory ClusterBackend for tests: a small, honest object map. Get,
// List (label and field selectors), Patch (all three types, via
// engine/sim/patch.h; resourceVersion bumps only on change, generation on
// spec change), Create, Delete and dry runs behave as the API server does;
// nothing runs controllers unless a test scripts one with on_write or timers
// on clock(). Records every call. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/metrics/metrics_backend.h"
#include "engine/tools/cluster_backend.h"

namespace kf::testing {

// 2026-03-10T14:47:00Z: the flagship's alert time (a Tuesday, 2:47 PM).
inline constexpr UnixMillis kFakeNow = 1773154020000;

class FakeCluster : public ClusterBackend {
 public:
  explicit FakeCluster(UnixMillis now = kFakeNow) : clock_(now) {}

  // Stores (or replaces) an object; kind, metadata.namespace and
  // metadata.name come from the object. Fills metadata.uid and
  // resourceVersion when missing.
  void Put(Json object);
  // The stored object, or nullptr.
  const Json* Find(const std::string& kind, const std::string& ns, const std::string& name) const;
  // Scripts what Logs returns for a container (previous: the last
  // terminated instance).
  void SetLogs(const std::string& ns, const std::string& pod, const std::string& container,
               bool previous, std::string text);
  // Makes the next call whose record starts with `call_prefix` (e.g. "patch",
  // "list Event") fail with `status`.
  void FailNext(std::string call_prefix, Status status);

  // ClusterBackend.
  Result<Json> Get(const std::string& kind, const std::string& ns, const std::string& name) override;
  Result<Json> List(const std::string& kind, const std::string& ns, const ListOptions& options) override;
  Result<Json> Patch(const std::string& kind, const std::string& ns, const std::string& name,
                     PatchType type, const Json& patch, bool dry_run = false) override;
  Result<Json> Create(const std::string& kind, const std::string& ns, const Json& object,
                      bool dry_run = false) override;
  Result<Json> Delete(const std::string& kind, const std::string& ns, const std::string& name,
                      bool dry_run = false) override;
  Result<std::string> Logs(const std::string& ns, const std::string& pod,
                           const std::string& container, bool previous, int tail_lines) override;
  // Lists stored "PodMetrics" objects (metrics.k8s.io/v1beta1).
  Result<Json> PodMetrics(const std::string& ns, const std::string& label_selector) override;
  Clock& clock() override { return clock_; }

  VirtualClock& virtual_clock() { return clock_; }
  // Every call, in order: "get Deployment production/payment-service",
  // "list Pod production labels=app=x fields=", "patch Deployment
  // production/x strategic dry-run", "delete Pod production/x", ...
  const std::vector<std::string>& calls() const { return calls_; }
  // Called after every stored (non-dry-run) Patch/Create/Delete with the
  // object written (the old object for Delete).
  std::function<void(FakeCluster&, const std::string& verb, const Json& object)> on_write;

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // kind, ns, name
  Status Record(std::string call);
  Result<Json> Store(const Json& before, Json after);

  VirtualClock clock_;
  std::map<Key, Json> objects_;
  std::map<std::string, std::string> logs_;
  std::vector<std::pair<std::string, Status>> failures_;
  std::vector<std::string> calls_;
  int64_t resource_version_ = 1000;
  int64_t next_uid_ = 1;
};

// A scripted MetricsBackend: answers queries from a table keyed by the
// PromQL text, records what it was asked.
class FakeMetrics : public MetricsBackend {
 public:
  struct Call {
    std::string query;
    UnixMillis start = 0;  // the instant for Query
    UnixMillis end = 0;
    DurationMs step = 0;
    bool range = false;
  };
  void SetInstant(const std::string& query, Json data) { instant_[query] = std::move(data); }
  void SetRange(const std::string& query, Json data) { range_[query] = std::move(data); }

  Result<Json> Query(const std::string& promql, UnixMillis at) override;
  Result<Json> QueryRange(const std::string& promql, UnixMillis start, UnixMillis end,
                          DurationMs step) override;
  const std::vector<Call>& calls() const { return calls_; }

 private:
  std::map<std::string, Json> instant_;
  std::map<std::string, Json> range_;
  std::vector<Call> calls_;
};

// The flagship's state at the alert, by hand: namespace production,
// deployment payment-service (4 replicas, revision 4, v2.14.0, memory
// request 128Mi / limit 256Mi), its ReplicaSets for revisions 3 (v2.13.2,
// 7d4f8b9c6) and 4 (v2.14.0, 6b8f9d4c7), the seed's four pods (h2k4l,
// m9x2p, q7j8r with 3 restarts, v5n1s in CrashLoopBackOff with 5), their
// events (OOMKilled, BackOff, ...) and pod metrics (241/238/251/0 Mi).
void LoadPaymentServiceFixture(FakeCluster* cluster);

}  // namespace kf::testing
