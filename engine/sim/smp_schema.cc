#include "engine/sim/smp_schema.h"

#include <utility>
#include <vector>

namespace kf {
namespace {

using Type = SmpListStrategy::Type;

// Lists relative to a PodSpec.
const std::vector<std::pair<std::string, std::string>>& PodSpecKeys() {
  static const auto* keys = [] {
    auto* v = new std::vector<std::pair<std::string, std::string>>{
        {"volumes", "name"},           {"imagePullSecrets", "name"},
        {"hostAliases", "ip"},         {"topologySpreadConstraints", "topologyKey"},
        {"schedulingGates", "name"},   {"resourceClaims", "name"},
    };
    for (const char* containers : {"containers", "initContainers", "ephemeralContainers"}) {
      const std::string c = containers;
      v->push_back({c, "name"});
      v->push_back({c + "[].env", "name"});
      v->push_back({c + "[].ports", "containerPort"});
      v->push_back({c + "[].volumeMounts", "mountPath"});
      v->push_back({c + "[].volumeDevices", "devicePath"});
    }
    return v;
  }();
  return *keys;
}

// Where a kind keeps its PodSpec, or "" when it has none.
std::string_view PodSpecRoot(std::string_view kind) {
  if (kind == "Pod") return "spec";
  if (kind == "PodTemplate") return "template.spec";
  if (kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet" ||
      kind == "DaemonSet" || kind == "Job" || kind == "ReplicationController") {
    return "spec.template.spec";
  }
  if (kind == "CronJob") return "spec.jobTemplate.spec.template.spec";
  return "";
}

SmpListStrategy ByKey(std::string key) { return {Type::kMergeByKey, std::move(key)}; }

}  // namespace

SmpListStrategy SmpListStrategyAt(std::string_view kind, std::string_view path) {
  if (path == "metadata.finalizers") return {Type::kMergeSet, ""};
  if (path == "metadata.ownerReferences") return ByKey("uid");
  if (path == "status.conditions") return ByKey("type");
  if (kind == "Pod" && (path == "status.podIPs" || path == "status.hostIPs")) return ByKey("ip");
  if (kind == "Service" && path == "spec.ports") return ByKey("port");
  if (kind == "Node" && path == "status.addresses") return ByKey("type");
  if (kind == "Node" && path == "spec.podCIDRs") return {Type::kMergeSet, ""};
  const std::string_view root = PodSpecRoot(kind);
  if (!root.empty() && path.size() > root.size() + 1 && path.substr(0, root.size()) == root &&
      path[root.size()] == '.') {
    const std::string_view rel = path.substr(root.size() + 1);
    for (const auto& [list, key] : PodSpecKeys()) {
      if (rel == list) return ByKey(key);
    }
  }
  return {};
}

}  // namespace kf
