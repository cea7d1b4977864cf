// The engine-side enforcement of live mode's approval rule: a
// ClusterBackend wrapper through which every write must pass.
//
// - Reads and dry runs (dry_run=true: previews) always pass through.
// - Read-only mode (mutations not allowed): every write is refused with
//   FailedPrecondition `kubeflight live is read-only: refusing to patch
//   deployments.apps "x" in namespace "y"; pass --allow-mutations to allow
//   approved changes`.
// - Mutations allowed: a write passes only when an approval armed it for
//   that exact target (kind, namespace, name); the grant is used up by the
//   first write (a rollout undo or patch is one write). Anything else is
//   refused with FailedPrecondition `no recorded approval for patch
//   deployments.apps "x" in namespace "y": refusing to change the cluster`.
// Thread-safe.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "engine/tools/cluster_backend.h"

namespace kf::kube {

struct ApprovedTarget {
  std::string kind;  // a Kind ("Deployment"); any spelling FindKind accepts
  std::string ns;
  std::string name;
};

class MutationGuard final : public ClusterBackend {
 public:
  // `inner` is not owned.
  MutationGuard(ClusterBackend* inner, bool mutations_allowed)
      : inner_(inner), allowed_(mutations_allowed) {}

  // Allows the next write to `target` (replacing an unused grant). No effect
  // in read-only mode.
  void Arm(const ApprovedTarget& target);
  // Drops an unused grant.
  void Disarm();
  int writes_refused() const;
  int writes_passed() const;

  Result<Json> Get(const std::string& kind, const std::string& ns, const std::string& name) override {
    return inner_->Get(kind, ns, name);
  }
  Result<Json> List(const std::string& kind, const std::string& ns, const ListOptions& o) override {
    return inner_->List(kind, ns, o);
  }
  Result<Json> Patch(const std::string& kind, const std::string& ns, const std::string& name,
                     PatchType type, const Json& patch, bool dry_run = false) override;
  Result<Json> Create(const std::string& kind, const std::string& ns, const Json& object,
                      bool dry_run = false) override;
  Result<Json> Delete(const std::string& kind, const std::string& ns, const std::string& name,
                      bool dry_run = false) override;
  Result<std::string> Logs(const std::string& ns, const std::string& pod, const std::string& container,
                           bool previous, int tail_lines) override {
    return inner_->Logs(ns, pod, container, previous, tail_lines);
  }
  Result<Json> PodMetrics(const std::string& ns, const std::string& selector) override {
    return inner_->PodMetrics(ns, selector);
  }
  Clock& clock() override { return inner_->clock(); }

 private:
  // OK and the grant consumed, or the refusal.
  Status Admit(const std::string& verb, const std::string& kind, const std::string& ns,
               const std::string& name);

  ClusterBackend* inner_;
  const bool allowed_;
  mutable std::mutex mu_;
  std::optional<ApprovedTarget> grant_;
  int refused_ = 0;
  int passed_ = 0;
};

}  // namespace kf::kube
