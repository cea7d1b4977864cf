#include "engine/sim/kinds.h"

#include <cctype>

namespace kf {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

KindInfo Make(std::string kind, std::string resource, std::string group, std::string version,
              bool namespaced, std::vector<std::string> short_names) {
  KindInfo k;
  k.singular = Lower(kind);
  k.kind = std::move(kind);
  k.resource = std::move(resource);
  k.group = std::move(group);
  k.version = std::move(version);
  k.namespaced = namespaced;
  k.short_names = std::move(short_names);
  return k;
}

std::vector<KindInfo> BuildKinds() {
  constexpr bool kNs = true;
  constexpr bool kCluster = false;
  return {
      Make("Pod", "pods", "", "v1", kNs, {"po"}),
      Make("Service", "services", "", "v1", kNs, {"svc"}),
      Make("Endpoints", "endpoints", "", "v1", kNs, {"ep"}),
      Make("ConfigMap", "configmaps", "", "v1", kNs, {"cm"}),
      Make("Secret", "secrets", "", "v1", kNs, {}),
      Make("Namespace", "namespaces", "", "v1", kCluster, {"ns"}),
      Make("Node", "nodes", "", "v1", kCluster, {"no"}),
      Make("Event", "events", "", "v1", kNs, {"ev"}),
      Make("PersistentVolumeClaim", "persistentvolumeclaims", "", "v1", kNs, {"pvc"}),
      Make("PersistentVolume", "persistentvolumes", "", "v1", kCluster, {"pv"}),
      Make("ResourceQuota", "resourcequotas", "", "v1", kNs, {"quota"}),
      Make("LimitRange", "limitranges", "", "v1", kNs, {"limits"}),
      Make("ServiceAccount", "serviceaccounts", "", "v1", kNs, {"sa"}),
      Make("Deployment", "deployments", "apps", "v1", kNs, {"deploy"}),
      Make("ReplicaSet", "replicasets", "apps", "v1", kNs, {"rs"}),
      Make("StatefulSet", "statefulsets", "apps", "v1", kNs, {"sts"}),
      Make("DaemonSet", "daemonsets", "apps", "v1", kNs, {"ds"}),
      Make("HorizontalPodAutoscaler", "horizontalpodautoscalers", "autoscaling", "v2", kNs,
           {"hpa"}),
      Make("Job", "jobs", "batch", "v1", kNs, {}),
      Make("CronJob", "cronjobs", "batch", "v1", kNs, {"cj"}),
      Make("Ingress", "ingresses", "networking.k8s.io", "v1", kNs, {"ing"}),
      Make("PodDisruptionBudget", "poddisruptionbudgets", "policy", "v1", kNs, {"pdb"}),
      Make("StorageClass", "storageclasses", "storage.k8s.io", "v1", kCluster, {"sc"}),
      Make("PriorityClass", "priorityclasses", "scheduling.k8s.io", "v1", kCluster, {"pc"}),
  };
}

bool NameMatches(const KindInfo& k, const std::string& name) {
  if (name == Lower(k.kind) || name == k.resource || name == k.singular) return true;
  for (const std::string& s : k.short_names) {
    if (name == s) return true;
  }
  return false;
}

}  // namespace

std::string KindInfo::ApiVersion() const { return group.empty() ? version : group + "/" + version; }

std::string KindInfo::QualifiedResource() const {
  return group.empty() ? resource : resource + "." + group;
}

std::string KindInfo::QualifiedKind() const { return group.empty() ? kind : kind + "." + group; }

const std::vector<KindInfo>& AllKinds() {
  static const std::vector<KindInfo>* kinds = new std::vector<KindInfo>(BuildKinds());
  return *kinds;
}

const KindInfo* FindKind(std::string_view kind_or_resource_or_shortname) {
  const std::string name = Lower(kind_or_resource_or_shortname);
  if (name.empty()) return nullptr;
  for (const KindInfo& k : AllKinds()) {
    if (NameMatches(k, name)) return &k;
  }
  // "deployments.apps", "deploy.apps": the part before the first dot names
  // the kind, the rest must be its group.
  const size_t dot = name.find('.');
  if (dot == std::string::npos) return nullptr;
  const std::string head = name.substr(0, dot);
  const std::string group = name.substr(dot + 1);
  for (const KindInfo& k : AllKinds()) {
    if (k.group == group && NameMatches(k, head)) return &k;
  }
  return nullptr;
}

std::string ResourceName(std::string_view kind) {
  if (const KindInfo* k = FindKind(kind)) return k->QualifiedResource();
  std::string lower = Lower(kind);
  if (lower.empty()) return lower;
  if (lower.back() == 's') return lower + "es";
  if (lower.back() == 'y') return lower.substr(0, lower.size() - 1) + "ies";
  return lower + "s";
}

}  // namespace kf
