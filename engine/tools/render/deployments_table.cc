// `kubectl get deployments` and `kubectl get replicasets` (printDeployment,
// printReplicaSet). spec.replicas defaults to 1 as the API server does.
#include "engine/core/strings.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"

namespace kf {

std::string RenderDeploymentsTable(const Json& deployment_list, UnixMillis now) {
  using namespace render;
  const Json& items = Items(deployment_list);
  if (items.empty()) return NoResources(deployment_list);
  std::vector<std::vector<std::string>> rows = {{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"}};
  for (const Json& d : items) {
    const Json& st = Field(d, "status");
    rows.push_back({Str(At(d, {"metadata", "name"})),
                    std::to_string(Int(Field(st, "readyReplicas"))) + "/" +
                        std::to_string(Int(At(d, {"spec", "replicas"}), 1)),
                    std::to_string(Int(Field(st, "updatedReplicas"))),
                    std::to_string(Int(Field(st, "availableReplicas"))),
                    Since(At(d, {"metadata", "creationTimestamp"}), now)});
  }
  return ListTable(deployment_list, std::move(rows));
}

std::string RenderReplicaSetsTable(const Json& rs_list, UnixMillis now) {
  using namespace render;
  const Json& items = Items(rs_list);
  if (items.empty()) return NoResources(rs_list);
  std::vector<std::vector<std::string>> rows = {{"NAME", "DESIRED", "CURRENT", "READY", "AGE"}};
  for (const Json& rs : items) {
    const Json& st = Field(rs, "status");
    rows.push_back({Str(At(rs, {"metadata", "name"})),
                    std::to_string(Int(At(rs, {"spec", "replicas"}), 1)),
                    std::to_string(Int(Field(st, "replicas"))),
                    std::to_string(Int(Field(st, "readyReplicas"))),
                    Since(At(rs, {"metadata", "creationTimestamp"}), now)});
  }
  return ListTable(rs_list, std::move(rows));
}

}  // namespace kf
