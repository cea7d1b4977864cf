#include "engine/sim/rollback.h"

#include <algorithm>
#include <vector>

#include "engine/sim/selector.h"
#include "engine/sim/sim_util.h"

namespace kf {

namespace {

constexpr const char* kRevision = "deployment.kubernetes.io/revision";

int64_t RevisionOf(const Json& obj) {
  const Json* a = JsonAtPath(obj, "metadata.annotations");
  if (a == nullptr || !a->is_object() || !a->contains(kRevision) || !(*a)[kRevision].is_string()) {
    return 0;
  }
  return std::atoll((*a)[kRevision].get<std::string>().c_str());
}

bool Skipped(const std::string& k) {
  return k == "kubectl.kubernetes.io/last-applied-configuration" || k == kRevision ||
         k == "deployment.kubernetes.io/revision-history" ||
         k == "deployment.kubernetes.io/desired-replicas" ||
         k == "deployment.kubernetes.io/max-replicas" || k == "deprecated.deployment.rollback.to";
}

}  // namespace

Result<Json> BuildRollbackPatch(ClusterBackend& cluster, const std::string& ns,
                                const std::string& name, int64_t to_revision) {
  KF_ASSIGN_OR_RETURN(Json d, cluster.Get("Deployment", ns, name));
  const Json* sel = JsonAtPath(d, "spec.selector");
  KF_ASSIGN_OR_RETURN(LabelSelector selector, LabelSelectorFromJson(sel ? *sel : Json()));
  KF_ASSIGN_OR_RETURN(Json list, cluster.List("ReplicaSet", ns, ListOptions{selector.ToString(), ""}));
  std::vector<const Json*> owned;
  for (const Json& rs : list["items"]) {
    const Json* ref = sim::ControllerRefOf(rs);
    if (ref != nullptr && JsonString(*ref, "uid") == sim::UidOf(d)) owned.push_back(&rs);
  }
  std::sort(owned.begin(), owned.end(),
            [](const Json* a, const Json* b) { return RevisionOf(*a) < RevisionOf(*b); });
  const Json* target = nullptr;
  if (to_revision == 0) {
    if (owned.size() < 2) return FailedPrecondition("no rollout history found for deployment \"" + name + "\"");
    target = owned[owned.size() - 2];
  } else {
    for (const Json* rs : owned) {
      if (RevisionOf(*rs) == to_revision) target = rs;
    }
    if (target == nullptr) {
      return NotFound("unable to find specified revision " + std::to_string(to_revision) +
                      " in history");
    }
  }
  Json tmpl = (*target)["spec"]["template"];
  if (tmpl.contains("metadata") && tmpl["metadata"].contains("labels")) {
    tmpl["metadata"]["labels"].erase("pod-template-hash");
  }
  if (sim::TemplatesMatch(tmpl, d["spec"]["template"])) {
    return AlreadyExists("skipped rollback (current template already matches revision " +
                         std::to_string(RevisionOf(*target)) + ")");
  }
  Json annotations = Json::object();
  const Json* da = JsonAtPath(d, "metadata.annotations");
  if (da != nullptr && da->is_object()) {
    for (auto it = da->begin(); it != da->end(); ++it) {
      if (Skipped(it.key())) annotations[it.key()] = it.value();
    }
  }
  const Json* ra = JsonAtPath(*target, "metadata.annotations");
  if (ra != nullptr && ra->is_object()) {
    for (auto it = ra->begin(); it != ra->end(); ++it) {
      if (!Skipped(it.key())) annotations[it.key()] = it.value();
    }
  }
  return Json::array({{{"op", "replace"}, {"path", "/spec/template"}, {"value", tmpl}},
                      {{"op", "replace"}, {"path", "/metadata/annotations"}, {"value", annotations}}});
}

Result<Json> RolloutUndo(ClusterBackend& cluster, const std::string& ns, const std::string& name,
                         int64_t to_revision, bool dry_run) {
  KF_ASSIGN_OR_RETURN(Json patch, BuildRollbackPatch(cluster, ns, name, to_revision));
  return cluster.Patch("Deployment", ns, name, PatchType::kJson, patch, dry_run);
}

}  // namespace kf
