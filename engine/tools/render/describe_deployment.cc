// `kubectl describe deployment` (describeDeployment): the ReplicaSets are
// those controlled by the deployment (ownerReferences controller uid); the
// new one is the oldest whose template equals the deployment's ignoring the
// pod-template-hash label; old ones listed are those with spec.replicas != 0.
#include <algorithm>

#include "engine/core/strings.h"
#include "engine/tools/render/describe_common.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"
#include "engine/tools/render/replicasets.h"

namespace kf {
namespace {

using namespace render;

std::string ReplicaSetsByLabels(const std::vector<const Json*>& sets) {
  std::vector<std::string> parts;
  for (const Json* rs : sets)
    parts.push_back(Str(At(*rs, {"metadata", "name"})) + " (" + std::to_string(Int(At(*rs, {"status", "replicas"}))) +
                    "/" + std::to_string(Int(At(*rs, {"spec", "replicas"}), 1)) + " replicas created)");
  return parts.empty() ? "<none>" : Join(parts, ", ");
}

// IntOrString as kubectl prints it; the API server's default is 25%.
std::string IntOrPercent(const Json& v) {
  if (v.is_null()) return "25%";
  return v.is_string() ? Str(v) : std::to_string(Int(v));
}

void DescribePodTemplate(TabWriter& w, const Json& tmpl) {
  w.Write("Pod Template:\n");
  const Json& meta = Field(tmpl, "metadata");
  const Json& spec = Field(tmpl, "spec");
  WriteLabels(w, "  Labels", Field(meta, "labels"));
  if (Field(meta, "annotations").is_object() && !Field(meta, "annotations").empty())
    WriteAnnotations(w, "  Annotations", Field(meta, "annotations"));
  if (!Str(Field(spec, "serviceAccountName")).empty())
    w.Write(1, "Service Account:\t" + Str(Field(spec, "serviceAccountName")) + "\n");
  if (Field(spec, "initContainers").is_array() && !Field(spec, "initContainers").empty())
    WriteContainers(w, "Init Containers", Field(spec, "initContainers"), Json(), "  ", nullptr);
  WriteContainers(w, "Containers", Field(spec, "containers"), Json(), "  ", nullptr);
  WriteVolumes(w, Field(spec, "volumes"), "  ");
  if (!Str(Field(spec, "priorityClassName")).empty())
    w.Write(1, "Priority Class Name:\t" + Str(Field(spec, "priorityClassName")) + "\n");
  WriteLabels(w, "  Node-Selectors", Field(spec, "nodeSelector"));
  WriteTolerations(w, "  Tolerations", Field(spec, "tolerations"));
}

}  // namespace

std::string RenderDescribeDeployment(const Json& d, const Json& replicaset_list, const Json& event_list,
                                     UnixMillis now) {
  const Json& meta = Field(d, "metadata");
  const Json& spec = Field(d, "spec");
  const Json& status = Field(d, "status");
  TabWriter w(0, 2);
  w.Write("Name:\t" + Str(Field(meta, "name")) + "\n");
  w.Write("Namespace:\t" + Str(Field(meta, "namespace")) + "\n");
  w.Write("CreationTimestamp:\t" + Rfc1123z(Field(meta, "creationTimestamp")) + "\n");
  WriteLabels(w, "Labels", Field(meta, "labels"));
  WriteAnnotations(w, "Annotations", Field(meta, "annotations"));
  w.Write("Selector:\t" + SelectorString(Field(spec, "selector")) + "\n");
  w.Write(StrFormat("Replicas:\t%lld desired | %lld updated | %lld total | %lld available | %lld unavailable\n",
                    static_cast<long long>(Int(Field(spec, "replicas"), 1)),
                    static_cast<long long>(Int(Field(status, "updatedReplicas"))),
                    static_cast<long long>(Int(Field(status, "replicas"))),
                    static_cast<long long>(Int(Field(status, "availableReplicas"))),
                    static_cast<long long>(Int(Field(status, "unavailableReplicas")))));
  std::string strategy = Str(At(spec, {"strategy", "type"}));
  if (strategy.empty()) strategy = "RollingUpdate";
  w.Write("StrategyType:\t" + strategy + "\n");
  w.Write("MinReadySeconds:\t" + std::to_string(Int(Field(spec, "minReadySeconds"))) + "\n");
  if (strategy == "RollingUpdate") {
    const Json& ru = At(spec, {"strategy", "rollingUpdate"});
    w.Write("RollingUpdateStrategy:\t" + IntOrPercent(Field(ru, "maxUnavailable")) + " max unavailable, " +
            IntOrPercent(Field(ru, "maxSurge")) + " max surge\n");
  }
  DescribePodTemplate(w, Field(spec, "template"));
  const Json& conds = Field(status, "conditions");
  if (conds.is_array() && !conds.empty()) {
    w.Write("Conditions:\n  Type\tStatus\tReason\n");
    w.Write(1, "----\t------\t------\n");
    for (const Json& c : conds)
      w.Write(1, Str(Field(c, "type")) + " \t" + Str(Field(c, "status")) + "\t" + Str(Field(c, "reason")) + "\n");
  }
  RolloutReplicaSets sets = ClassifyReplicaSets(d, replicaset_list);
  if (!sets.old_sets.empty() || sets.new_set) {
    std::vector<const Json*> old_active;
    for (const Json* rs : sets.old_sets)
      if (Int(At(*rs, {"spec", "replicas"}), 1) != 0) old_active.push_back(rs);
    w.Write("OldReplicaSets:\t" + ReplicaSetsByLabels(old_active) + "\n");
    std::vector<const Json*> new_sets;
    if (sets.new_set) new_sets.push_back(sets.new_set);
    w.Write("NewReplicaSet:\t" + ReplicaSetsByLabels(new_sets) + "\n");
  }
  if (!event_list.is_null()) WriteEvents(w, event_list, now);
  return w.Finish();
}

}  // namespace kf
