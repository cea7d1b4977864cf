#include "engine/tools/rollout_revisions.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "engine/tools/tool_util.h"

namespace kf {
namespace {

bool ControlledBy(const Json& object, const std::string& owner_uid) {
  const Json* refs = JsonAtPath(object, "metadata.ownerReferences");
  if (!refs || !refs->is_array()) return false;
  for (const Json& ref : *refs) {
    bool controller = ref.contains("controller") && ref["controller"].is_boolean() &&
                      ref["controller"].get<bool>();
    if (controller && JsonString(ref, "uid") == owner_uid) return true;
  }
  return false;
}

// Parses a revision annotation as int64; false when absent or malformed.
bool ParseRevision(const std::string& text, int64_t* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return false;
  *out = v;
  return true;
}

}  // namespace

Result<Json> ListOwnedReplicaSets(ClusterBackend& cluster, const Json& deployment) {
  std::string ns = JsonString(Metadata(deployment), "namespace");
  const Json* selector = JsonAtPath(deployment, "spec.selector");
  ListOptions opts;
  if (selector) opts.label_selector = SelectorString(*selector);
  KF_ASSIGN_OR_RETURN(Json list, cluster.List("ReplicaSet", ns, opts));
  std::string uid = JsonString(Metadata(deployment), "uid");
  Json owned = Json::array();
  if (const Json* items = JsonAtPath(list, "items"); items && items->is_array()) {
    for (const Json& rs : *items) {
      if (ControlledBy(rs, uid)) owned.push_back(rs);
    }
  }
  list["items"] = std::move(owned);
  return list;
}

Result<std::vector<DeploymentRevision>> ListRevisions(ClusterBackend& cluster,
                                                      const Json& deployment) {
  KF_ASSIGN_OR_RETURN(Json list, ListOwnedReplicaSets(cluster, deployment));
  std::vector<DeploymentRevision> out;
  for (const Json& rs : list["items"]) {
    int64_t rev = 0;
    if (ParseRevision(Annotation(rs, "deployment.kubernetes.io/revision"), &rev)) {
      out.push_back({rev, rs});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const DeploymentRevision& a,
                                              const DeploymentRevision& b) {
    return a.revision < b.revision;
  });
  return out;
}

int64_t RevisionOf(const Json& object) {
  int64_t rev = 0;
  return ParseRevision(Annotation(object, "deployment.kubernetes.io/revision"), &rev) ? rev : 0;
}

Json TemplateWithoutHash(const Json& pod_template) {
  Json t = pod_template.is_object() ? pod_template : Json::object();
  if (t.contains("metadata") && t["metadata"].is_object()) {
    Json& meta = t["metadata"];
    if (meta.contains("labels") && meta["labels"].is_object()) {
      meta["labels"].erase("pod-template-hash");
      if (meta["labels"].empty()) meta.erase("labels");
    }
    if (meta.contains("creationTimestamp") && meta["creationTimestamp"].is_null()) {
      meta.erase("creationTimestamp");
    }
    if (meta.empty()) t.erase("metadata");
  }
  return t;
}

bool TemplatesEqual(const Json& a, const Json& b) {
  return TemplateWithoutHash(a) == TemplateWithoutHash(b);
}

}  // namespace kf
