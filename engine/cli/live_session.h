// The library call behind `kubeflight live`: the Plan → Execute → Verify
// loop against a real cluster through KubeBackend, with the engine-side
// approval rule (engine/kube/mutation_guard.h):
//
// - read-only unless allow_mutations: the gate is not asked; the proposal
//   is deferred with the reason `kubeflight live is read-only ...` and the
//   guard refuses any write that would slip through;
// - with allow_mutations, the gate decides; an approval arms the guard for
//   exactly the approved option's target, and only that one write passes.
// Previews (what the gate shows) are server-side dry runs (dryRun=All).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/agent/loop.h"
#include "engine/kube/rest_config.h"
#include "engine/metrics/metrics_backend.h"

namespace kf::cli {

struct LiveRequest {
  kube::RestConfig rest;
  std::string prompt;
  std::string agent = "builtin";
  // When set, makes the agent (the LLM agent of --model) on the run's clock;
  // `agent` is then ignored.
  std::function<Result<std::unique_ptr<agent::Agent>>(Clock& run_clock)> make_agent;
  bool allow_mutations = false;
  agent::ApprovalGate* gate = nullptr;      // required; not owned
  agent::RunObserver* observer = nullptr;   // may be null; not owned
  MetricsBackend* metrics = nullptr;        // may be null: prometheus.* tools fail cleanly
  Clock* clock = nullptr;                   // null: the wall clock (tests inject one)
  // When set, lists across every namespace are sent to this namespace
  // instead (--namespace, for identities allowed one namespace).
  std::string scope_namespace;
  bool check_server = true;  // GET /version first, for an early clear error
  agent::Budgets budgets;
  DurationMs settle = 5 * 60 * 1000;
};

struct LiveRun {
  agent::RunResult result;
  int writes_refused = 0;  // writes the guard refused
  int writes_passed = 0;   // approved writes sent to the cluster
};

// A connection to a live cluster with the engine's approval rule applied:
// the backend (scoped to a namespace when asked), the mutation guard in
// front of it, and the gate that arms the guard. Shared by `live` and by
// `resume` of a live run.
struct LiveConnectOptions {
  kube::RestConfig rest;
  bool allow_mutations = false;
  agent::ApprovalGate* gate = nullptr;  // required; not owned
  Clock* clock = nullptr;               // null: the wall clock
  std::string scope_namespace;
  bool check_server = true;
};

class LiveCluster {
 public:
  virtual ~LiveCluster() = default;
  // What tools act on (the guard), what the loop asks (the guarded gate),
  // and the backend's clock.
  virtual ClusterBackend* cluster() = 0;
  virtual agent::ApprovalGate* gate() = 0;
  virtual Clock& clock() = 0;
  virtual int writes_refused() const = 0;
  virtual int writes_passed() const = 0;
};

// Errors: no gate, an unusable server URL, the /version check failing.
Result<std::unique_ptr<LiveCluster>> ConnectLive(const LiveConnectOptions& options);

// kubectl's order: `kubeconfig` (a path; "" for $KUBECONFIG / ~/.kube/config),
// then the in-cluster service account. `context` "" = current-context.
Result<kube::RestConfig> ResolveLiveCluster(const std::string& kubeconfig, const std::string& context);

// Errors (the run did not start): unknown agent (InvalidArgument `unknown
// agent "x": expected builtin`), no gate, an unusable server URL, or the
// /version check failing (unreachable, Unauthorized, ...).
Result<LiveRun> RunLive(const LiveRequest& request);

}  // namespace kf::cli
