// Simulation::Create and the controller manager that wires the store's
// change notifications to the controllers, the scheduler and the kubelets.
#include "engine/sim/simulation.h"

#include <set>
#include <vector>

#include "engine/metrics/promql_engine.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/deployment_controller.h"
#include "engine/sim/endpoints_controller.h"
#include "engine/sim/eviction_manager.h"
#include "engine/sim/hpa_controller.h"
#include "engine/sim/kubelet.h"
#include "engine/sim/api_errors.h"
#include "engine/sim/metrics_emitter.h"
#include "engine/sim/node_lifecycle_controller.h"
#include "engine/sim/pv_controller.h"
#include "engine/sim/replicaset_controller.h"
#include "engine/sim/resource_quota.h"
#include "engine/sim/rollback.h"
#include "engine/sim/scheduler.h"
#include "engine/sim/sim_backend.h"
#include "engine/sim/sim_util.h"
#include "engine/sim/sim_world.h"

namespace kf {

namespace {

using sim::Change;

constexpr DurationMs kEventTtl = 60 * 60 * 1000;

PatchType PatchTypeOf(const std::string& s) {
  if (s == "merge") return PatchType::kMerge;
  if (s == "json") return PatchType::kJson;
  return PatchType::kStrategicMerge;
}

class SimulationImpl final : public Simulation {
 public:
  SimulationImpl(const Scenario& scenario, uint64_t seed)
      : w_(scenario, seed),
        kubelet_(&w_),
        scheduler_(&w_),
        rs_(&w_),
        deploy_(&w_),
        endpoints_(&w_),
        metrics_(&w_, &kubelet_),
        backend_(&w_, &kubelet_, &metrics_, [this] { Settle(); }),
        hpa_(&w_, &metrics_, &backend_),
        eviction_(&w_, &kubelet_),
        node_lifecycle_(&w_),
        promql_(&w_.series) {
    w_.store.AddListener([this](const std::string& kind, const Json& obj, Change c) {
      OnChange(kind, obj, c);
    });
  }

  Status Init();

  ClusterBackend& cluster() override { return backend_; }
  MetricsBackend& metrics() override { return promql_; }
  const SeriesStore& series() const override { return w_.series; }
  VirtualClock& clock() override { return w_.clock; }
  UnixMillis alert_time() const override { return w_.scenario.alert_time; }
  void AdvanceTo(UnixMillis t) override {
    if (t > w_.clock.Now()) w_.clock.AdvanceTo(t);
  }
  Json DumpObjects() const override { return w_.store.Dump(); }

 private:
  void OnChange(const std::string& kind, const Json& obj, Change c);
  void Kick();
  void Settle() { w_.clock.AdvanceTo(w_.clock.Now()); }
  void Reconcile();
  void ResyncAt(const std::string& kind, const std::string& key, UnixMillis at);
  // Runs fn every period, at multiples of period.
  void Every(DurationMs period, std::function<void()> fn);
  void FirePeriodic(size_t i);
  Status Apply(const HistoryAction& a);

  sim::SimWorld w_;
  sim::Kubelet kubelet_;
  sim::Scheduler scheduler_;
  sim::ReplicaSetController rs_;
  sim::DeploymentController deploy_;
  sim::EndpointsController endpoints_;
  sim::MetricsEmitter metrics_;
  sim::SimBackend backend_;
  sim::HpaController hpa_;
  sim::EvictionManager eviction_;
  sim::NodeLifecycleController node_lifecycle_;
  PromqlEngine promql_;

  std::set<std::string> dirty_deployments_, dirty_rs_, dirty_services_, admit_;
  std::set<std::string> dirty_quota_ns_;  // namespaces whose ResourceQuota status to resync
  std::set<std::string> new_claims_;      // PersistentVolumeClaims created since the last reconcile
  std::vector<std::pair<std::string, std::string>> forget_;
  std::set<std::pair<std::string, UnixMillis>> resyncs_;
  std::vector<std::pair<DurationMs, std::function<void()>>> periodic_;
  bool reconcile_scheduled_ = false;
  bool in_reconcile_ = false;
  Status history_error_;
};

void SimulationImpl::OnChange(const std::string& kind, const Json& obj, Change c) {
  // Built only for the kinds that use it: most changes are Events.
  auto key = [&obj] { return sim::KeyOf(obj); };
  if (kind == "Deployment") {
    dirty_deployments_.insert(key());
  } else if (kind == "ReplicaSet") {
    dirty_rs_.insert(key());
    const Json* ref = sim::ControllerRefOf(obj);
    if (ref != nullptr && JsonString(*ref, "kind") == "Deployment") {
      dirty_deployments_.insert(sim::KeyOf(sim::NamespaceOf(obj), JsonString(*ref, "name")));
    } else if (ref == nullptr && c == Change::kAdded) {
      for (const Json* d : w_.store.List("Deployment", sim::NamespaceOf(obj))) {
        dirty_deployments_.insert(sim::KeyOf(*d));
      }
    }
  } else if (kind == "PersistentVolumeClaim") {
    if (c != Change::kAdded) return;
    new_claims_.insert(key());
  } else if (kind == "StorageClass") {
    if (c == Change::kDeleted) return;
    for (const Json* claim : w_.store.List("PersistentVolumeClaim")) {
      if (sim::StrAt(*claim, "status.phase") != "Bound") new_claims_.insert(sim::KeyOf(*claim));
    }
  } else if (kind == "ResourceQuota") {
    if (c == Change::kDeleted) return;
    dirty_quota_ns_.insert(sim::NamespaceOf(obj));
  } else if (kind == "Pod") {
    const bool deleted = c == Change::kDeleted;
    // References into obj: listeners run with the store unchanged.
    const std::string& ns = sim::NamespaceOf(obj);
    const std::string& name = sim::NameOf(obj);
    dirty_quota_ns_.insert(ns);
    scheduler_.OnPodChange(obj, deleted);
    const Json* ref = sim::ControllerRefOf(obj);
    if (ref != nullptr && JsonString(*ref, "kind") == "ReplicaSet") {
      dirty_rs_.insert(sim::KeyOf(ns, JsonString(*ref, "name")));
    }
    if (deleted) {
      forget_.emplace_back(ns, name);
      scheduler_.RetryUnschedulable();
    } else if (sim::StrAt(obj, "spec.nodeName").empty()) {
      if (!sim::IsPodTerminal(obj)) scheduler_.Enqueue(key());
    } else if (kubelet_.Find(ns, name) == nullptr) {
      admit_.insert(key());
    }
    for (const std::string& svc : endpoints_.ServicesSelecting(ns, sim::LabelsOf(obj))) {
      dirty_services_.insert(sim::KeyOf(ns, svc));
    }
  } else if (kind == "Service") {
    dirty_services_.insert(key());
  } else if (kind == "Node") {
    if (c == Change::kAdded) scheduler_.RetryUnschedulable();
  } else {
    return;
  }
  Kick();
}

void SimulationImpl::Kick() {
  if (reconcile_scheduled_ || in_reconcile_) return;
  reconcile_scheduled_ = true;
  w_.clock.Schedule(w_.clock.Now(), [this] { Reconcile(); });
}

void SimulationImpl::ResyncAt(const std::string& kind, const std::string& key, UnixMillis at) {
  if (at <= 0 || !resyncs_.insert({kind + "|" + key, at}).second) return;
  w_.clock.Schedule(at, [this, kind, key, at] {
    resyncs_.erase({kind + "|" + key, at});
    (kind == "Deployment" ? dirty_deployments_ : dirty_rs_).insert(key);
    Kick();
  });
}

void SimulationImpl::Reconcile() {
  reconcile_scheduled_ = false;
  in_reconcile_ = true;
  auto split = [](const std::string& key) {
    auto slash = key.find('/');
    return std::make_pair(key.substr(0, slash), key.substr(slash + 1));
  };
  for (int round = 0; round < 200; ++round) {
    if (dirty_deployments_.empty() && dirty_rs_.empty() && dirty_services_.empty() &&
        admit_.empty() && forget_.empty() && !scheduler_.HasPending() && dirty_quota_ns_.empty() &&
        new_claims_.empty()) {
      break;
    }
    auto forget = std::move(forget_);
    forget_.clear();
    for (const auto& [ns, name] : forget) kubelet_.Forget(ns, name);
    auto deployments = std::move(dirty_deployments_);
    dirty_deployments_.clear();
    for (const std::string& key : deployments) {
      auto [ns, name] = split(key);
      ResyncAt("Deployment", key, deploy_.Sync(ns, name));
    }
    auto rses = std::move(dirty_rs_);
    dirty_rs_.clear();
    for (const std::string& key : rses) {
      auto [ns, name] = split(key);
      ResyncAt("ReplicaSet", key, rs_.Sync(ns, name));
    }
    // Claims before the scheduler, so pods created with their claim bind at once.
    auto claims = std::move(new_claims_);
    new_claims_.clear();
    for (const std::string& key : claims) {
      auto [ns, name] = split(key);
      sim::SyncClaim(&w_, ns, name);
    }
    if (!claims.empty()) scheduler_.RetryUnschedulable();
    scheduler_.ScheduleAll();
    auto admit = std::move(admit_);
    admit_.clear();
    for (const std::string& key : admit) {
      auto [ns, name] = split(key);
      const Json* pod = w_.store.Get("Pod", ns, name);
      if (pod != nullptr && !sim::StrAt(*pod, "spec.nodeName").empty()) kubelet_.Admit(Json(*pod));
    }
    auto quota_ns = std::move(dirty_quota_ns_);
    dirty_quota_ns_.clear();
    for (const std::string& ns : quota_ns) sim::SyncQuotaStatus(&w_, ns);
    auto services = std::move(dirty_services_);
    dirty_services_.clear();
    for (const std::string& key : services) {
      auto [ns, name] = split(key);
      endpoints_.Sync(ns, name);
    }
  }
  in_reconcile_ = false;
  if (!dirty_deployments_.empty() || !dirty_rs_.empty() || !admit_.empty() ||
      !dirty_services_.empty() || !forget_.empty()) {
    // Still busy after many rounds: continue a moment later rather than spin.
    reconcile_scheduled_ = true;
    w_.clock.Schedule(w_.clock.Now() + 100, [this] { Reconcile(); });
  }
}

void SimulationImpl::Every(DurationMs period, std::function<void()> fn) {
  const UnixMillis first = (w_.clock.Now() / period + 1) * period;
  periodic_.emplace_back(period, std::move(fn));
  const size_t i = periodic_.size() - 1;
  w_.clock.Schedule(first, [this, i] { FirePeriodic(i); });
}

void SimulationImpl::FirePeriodic(size_t i) {
  periodic_[i].second();
  w_.clock.Schedule(w_.clock.Now() + periodic_[i].first, [this, i] { FirePeriodic(i); });
}

Status SimulationImpl::Apply(const HistoryAction& a) {
  switch (a.type) {
    case HistoryAction::Type::kApply: {
      const std::string kind = JsonString(a.manifest, "kind");
      const std::string ns = sim::NamespaceOf(a.manifest), name = sim::NameOf(a.manifest);
      if (w_.store.Get(kind, ns, name) == nullptr) return backend_.Create(kind, ns, a.manifest).status();
      Json patch = a.manifest;
      patch.erase("status");
      return backend_.Patch(kind, ns, name, PatchType::kStrategicMerge, patch).status();
    }
    case HistoryAction::Type::kPatch:
      return backend_.Patch(a.kind, a.ns, a.name, PatchTypeOf(a.patch_type), a.patch).status();
    case HistoryAction::Type::kScale:
      return backend_
          .Patch(a.kind, a.ns, a.name, PatchType::kMerge, Json{{"spec", {{"replicas", a.replicas}}}})
          .status();
    case HistoryAction::Type::kDelete:
      return backend_.Delete(a.kind, a.ns, a.name).status();
    case HistoryAction::Type::kRolloutUndo:
      return RolloutUndo(backend_, a.ns, a.name, a.to_revision).status();
    case HistoryAction::Type::kStopKubelet:
      if (w_.store.Get("Node", "", a.name) == nullptr) return NotFoundError("Node", a.name);
      w_.stopped_kubelets.emplace(a.name, w_.clock.Now());
      return Status::Ok();
  }
  return Status::Ok();
}

Status SimulationImpl::Init() {
  const Scenario& s = w_.scenario;
  // The namespaces every cluster has.
  for (const char* ns : {"default", "kube-system"}) {
    (void)backend_.CreateInitial(Json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}});
  }
  // Namespaces first, then nodes, then the rest in file order.
  for (int pass = 0; pass < 3; ++pass) {
    for (size_t i = 0; i < s.objects.size(); ++i) {
      const std::string kind = JsonString(s.objects[i].manifest, "kind");
      const int want = kind == "Namespace" ? 0 : kind == "Node" ? 1 : 2;
      if (want != pass) continue;
      if (kind == "Namespace" && w_.store.Get("Namespace", "", sim::NameOf(s.objects[i].manifest))) {
        continue;
      }
      Status st = backend_.CreateInitial(s.objects[i].manifest);
      if (!st.ok()) {
        return InvalidArgument(s.path + ":" + std::to_string(s.objects[i].line) + ": objects[" +
                               std::to_string(i) + "]: " + st.message());
      }
    }
  }
  for (size_t i = 0; i < s.history.size(); ++i) {
    const HistoryAction* a = &w_.scenario.history[i];
    w_.clock.Schedule(a->at, [this, a, i] {
      Status st = Apply(*a);
      if (!st.ok() && history_error_.ok()) {
        history_error_ = InvalidArgument(w_.scenario.path + ":" + std::to_string(a->line) +
                                         ": history[" + std::to_string(i) + "]: " + st.message());
      }
    });
  }
  Every(s.kubelet.tick, [this] { kubelet_.Tick(); });
  Every(sim::MetricsEmitter::kScrapeInterval, [this] { metrics_.Scrape(); });
  Every(5 * 60000, [this] { w_.events.Expire(kEventTtl); });
  Every(15000, [this] { sim::SyncPendingClaims(&w_); });
  Every(30000, [this] {
    scheduler_.RetryUnschedulable();
    if (scheduler_.HasPending()) Kick();
  });
  Every(sim::HpaController::kSyncPeriod, [this] { hpa_.SyncAll(); });
  Every(sim::EvictionManager::kMonitorInterval, [this] { eviction_.Synchronize(); });
  Every(sim::NodeLifecycleController::kMonitorPeriod, [this] { node_lifecycle_.Monitor(); });
  Kick();
  Settle();
  AdvanceTo(s.alert_time);
  return history_error_;
}

}  // namespace

Result<std::unique_ptr<Simulation>> Simulation::Create(const Scenario& scenario,
                                                       std::optional<uint64_t> seed) {
  if (scenario.alert_time < scenario.start_time) {
    return InvalidArgument("scenario " + scenario.name + ": start is after alert_time");
  }
  auto sim = std::make_unique<SimulationImpl>(scenario, seed.value_or(scenario.seed));
  KF_RETURN_IF_ERROR(sim->Init());
  return std::unique_ptr<Simulation>(std::move(sim));
}

}  // namespace kf
