#include "engine/cli/live_session.h"

#include "engine/agent/builtin_agent.h"
#include "engine/kube/in_cluster.h"
#include "engine/kube/kube_backend.h"
#include "engine/kube/kubeconfig.h"
#include "engine/kube/mutation_guard.h"

namespace kf::cli {
namespace {

// Sends lists across every namespace to one namespace.
class NamespaceScope final : public ClusterBackend {
 public:
  NamespaceScope(ClusterBackend* inner, std::string ns) : inner_(inner), ns_(std::move(ns)) {}
  Result<Json> Get(const std::string& k, const std::string& ns, const std::string& n) override {
    return inner_->Get(k, ns, n);
  }
  Result<Json> List(const std::string& k, const std::string& ns, const ListOptions& o) override {
    return inner_->List(k, ns.empty() ? ns_ : ns, o);
  }
  Result<Json> Patch(const std::string& k, const std::string& ns, const std::string& n, PatchType t,
                     const Json& p, bool dry_run) override {
    return inner_->Patch(k, ns, n, t, p, dry_run);
  }
  Result<Json> Create(const std::string& k, const std::string& ns, const Json& o, bool dry_run) override {
    return inner_->Create(k, ns, o, dry_run);
  }
  Result<Json> Delete(const std::string& k, const std::string& ns, const std::string& n,
                      bool dry_run) override {
    return inner_->Delete(k, ns, n, dry_run);
  }
  Result<std::string> Logs(const std::string& ns, const std::string& pod, const std::string& c,
                           bool previous, int tail) override {
    return inner_->Logs(ns, pod, c, previous, tail);
  }
  Result<Json> PodMetrics(const std::string& ns, const std::string& selector) override {
    return inner_->PodMetrics(ns.empty() ? ns_ : ns, selector);
  }
  Clock& clock() override { return inner_->clock(); }

 private:
  ClusterBackend* inner_;
  std::string ns_;
};

// Asks the real gate only when mutations are allowed, and arms the guard
// for the approved option's target.
class GuardedGate final : public agent::ApprovalGate {
 public:
  GuardedGate(agent::ApprovalGate* inner, kube::MutationGuard* guard, bool allowed)
      : inner_(inner), guard_(guard), allowed_(allowed) {}

  agent::Decision Decide(const agent::Proposal& proposal) override {
    guard_->Disarm();
    if (!allowed_) {
      agent::Decision d;
      d.kind = agent::Decision::Kind::kDefer;
      d.reason = "kubeflight live is read-only: the proposal is shown but nothing will change; "
                 "re-run with --allow-mutations to decide";
      d.decided_by = "read-only";
      return d;
    }
    agent::Decision d = inner_->Decide(proposal);
    if (d.kind == agent::Decision::Kind::kApprove && d.option >= 1 &&
        d.option <= static_cast<int>(proposal.options.size())) {
      const agent::Option& o = proposal.options[d.option - 1];
      guard_->Arm(kube::ApprovedTarget{o.target_kind, o.ns, o.target_name});
    }
    return d;
  }

 private:
  agent::ApprovalGate* inner_;
  kube::MutationGuard* guard_;
  bool allowed_;
};

class LiveClusterImpl final : public LiveCluster {
 public:
  LiveClusterImpl(std::unique_ptr<kube::KubeBackend> backend, const LiveConnectOptions& o)
      : backend_(std::move(backend)),
        scope_(o.scope_namespace.empty() ? nullptr
                                         : std::make_unique<NamespaceScope>(backend_.get(), o.scope_namespace)),
        guard_(scope_ ? static_cast<ClusterBackend*>(scope_.get()) : backend_.get(), o.allow_mutations),
        gate_(o.gate, &guard_, o.allow_mutations) {}
  ClusterBackend* cluster() override { return &guard_; }
  agent::ApprovalGate* gate() override { return &gate_; }
  Clock& clock() override { return backend_->clock(); }
  int writes_refused() const override { return guard_.writes_refused(); }
  int writes_passed() const override { return guard_.writes_passed(); }

 private:
  std::unique_ptr<kube::KubeBackend> backend_;
  std::unique_ptr<NamespaceScope> scope_;
  kube::MutationGuard guard_;
  GuardedGate gate_;
};

}  // namespace

Result<std::unique_ptr<LiveCluster>> ConnectLive(const LiveConnectOptions& o) {
  if (!o.gate) return InvalidArgument("ConnectLive: a gate is required");
  kube::KubeBackendOptions options;
  options.clock = o.clock;
  KF_ASSIGN_OR_RETURN(std::unique_ptr<kube::KubeBackend> backend, kube::KubeBackend::Create(o.rest, options));
  if (o.check_server) {
    Result<Json> version = backend->ServerVersion();
    if (!version.ok()) return version.status();
  }
  return std::unique_ptr<LiveCluster>(std::make_unique<LiveClusterImpl>(std::move(backend), o));
}

Result<kube::RestConfig> ResolveLiveCluster(const std::string& kubeconfig, const std::string& context) {
  kube::KubeconfigOptions options;
  options.explicit_path = kubeconfig;
  options.context = context;
  if (kubeconfig.empty() && kube::KubeconfigFiles(options).empty() && kube::InCluster(kube::InClusterOptions{})) {
    if (!context.empty()) return InvalidArgument("--context needs a kubeconfig; none was found");
    return kube::LoadInCluster(kube::InClusterOptions{});
  }
  return kube::LoadKubeconfig(options);
}

Result<LiveRun> RunLive(const LiveRequest& request) {
  if (!request.make_agent && request.agent != "builtin") {
    return InvalidArgument("unknown agent \"" + request.agent + "\": expected builtin");
  }
  if (!request.gate) return InvalidArgument("RunLive: a gate is required");
  LiveConnectOptions connect;
  connect.rest = request.rest;
  connect.allow_mutations = request.allow_mutations;
  connect.gate = request.gate;
  connect.clock = request.clock;
  connect.scope_namespace = request.scope_namespace;
  connect.check_server = request.check_server;
  KF_ASSIGN_OR_RETURN(std::unique_ptr<LiveCluster> live, ConnectLive(connect));
  agent::BuiltinAgent builtin;
  std::unique_ptr<agent::Agent> made;
  if (request.make_agent) {
    KF_ASSIGN_OR_RETURN(made, request.make_agent(live->clock()));
  }
  agent::LoopEnv env;
  env.agent = made ? made.get() : static_cast<agent::Agent*>(&builtin);
  env.gate = live->gate();
  env.tools = &ToolCatalog::Default();
  env.ctx.cluster = live->cluster();
  env.ctx.metrics = request.metrics;
  env.observer = request.observer;
  agent::LoopOptions loop;
  loop.scenario = "live:" + (request.rest.context.empty() ? std::string("in-cluster") : request.rest.context);
  loop.prompt = request.prompt;
  loop.budgets = request.budgets;
  loop.settle = request.settle;
  LiveRun run;
  run.result = agent::RunLoop(env, loop);
  run.writes_refused = live->writes_refused();
  run.writes_passed = live->writes_passed();
  return run;
}

}  // namespace kf::cli
