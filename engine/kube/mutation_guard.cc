#include "engine/kube/mutation_guard.h"

#include "engine/core/json.h"
#include "engine/sim/kinds.h"

namespace kf::kube {
namespace {

std::string CanonicalKind(const std::string& kind) {
  const KindInfo* info = FindKind(kind);
  return info ? info->kind : kind;
}

std::string Describe(const std::string& verb, const std::string& kind, const std::string& ns,
                     const std::string& name) {
  std::string s = verb + " " + ResourceName(CanonicalKind(kind)) + " \"" + name + "\"";
  if (!ns.empty()) s += " in namespace \"" + ns + "\"";
  return s;
}

}  // namespace

void MutationGuard::Arm(const ApprovedTarget& target) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!allowed_) return;
  grant_ = ApprovedTarget{CanonicalKind(target.kind), target.ns, target.name};
}

void MutationGuard::Disarm() {
  std::lock_guard<std::mutex> lock(mu_);
  grant_.reset();
}

int MutationGuard::writes_refused() const {
  std::lock_guard<std::mutex> lock(mu_);
  return refused_;
}

int MutationGuard::writes_passed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return passed_;
}

Status MutationGuard::Admit(const std::string& verb, const std::string& kind, const std::string& ns,
                            const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!allowed_) {
    ++refused_;
    return FailedPrecondition("kubeflight live is read-only: refusing to " +
                              Describe(verb, kind, ns, name) +
                              "; pass --allow-mutations to allow approved changes");
  }
  if (!grant_ || grant_->kind != CanonicalKind(kind) || grant_->ns != ns || grant_->name != name) {
    ++refused_;
    return FailedPrecondition("no recorded approval for " + Describe(verb, kind, ns, name) +
                              ": refusing to change the cluster");
  }
  grant_.reset();
  ++passed_;
  return Status::Ok();
}

Result<Json> MutationGuard::Patch(const std::string& kind, const std::string& ns, const std::string& name,
                                  PatchType type, const Json& patch, bool dry_run) {
  if (!dry_run) KF_RETURN_IF_ERROR(Admit("patch", kind, ns, name));
  return inner_->Patch(kind, ns, name, type, patch, dry_run);
}

Result<Json> MutationGuard::Create(const std::string& kind, const std::string& ns, const Json& object,
                                   bool dry_run) {
  if (!dry_run) {
    std::string name = object.contains("metadata") ? JsonString(object["metadata"], "name") : "";
    KF_RETURN_IF_ERROR(Admit("create", kind, ns, name));
  }
  return inner_->Create(kind, ns, object, dry_run);
}

Result<Json> MutationGuard::Delete(const std::string& kind, const std::string& ns, const std::string& name,
                                   bool dry_run) {
  if (!dry_run) KF_RETURN_IF_ERROR(Admit("delete", kind, ns, name));
  return inner_->Delete(kind, ns, name, dry_run);
}

}  // namespace kf::kube
