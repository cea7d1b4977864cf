// `kubectl get deployments` and `kubectl get replicasets` (printDeployment,
// printReplicaSet). spec.replicas defaults to 1 as the API server does.
#include "engine/core/strings.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"
#include "engine/tools/render/table_rows.h"

namespace kf {

namespace render {

std::vector<std::vector<std::string>> DeploymentRows(const Json& items, UnixMillis now) {
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
  return rows;
}

std::vector<std::vector<std::string>> ReplicaSetRows(const Json& items, UnixMillis now) {
  std::vector<std::vector<std::string>> rows = {{"NAME", "DESIRED", "CURRENT", "READY", "AGE"}};
  for (const Json& rs : items) {
    const Json& st = Field(rs, "status");
    rows.push_back({Str(At(rs, {"metadata", "name"})),
                    std::to_string(Int(At(rs, {"spec", "replicas"}), 1)),
                    std::to_string(Int(Field(st, "replicas"))),
                    std::to_string(Int(Field(st, "readyReplicas"))),
                    Since(At(rs, {"metadata", "creationTimestamp"}), now)});
  }
  return rows;
}

}  // namespace render

std::string RenderDeploymentsTable(const Json& deployment_list, UnixMillis now) {
  using namespace render;
  const Json& items = Items(deployment_list);
  if (items.empty()) return NoResources(deployment_list);
  return ListTable(deployment_list, DeploymentRows(items, now));
}

std::string RenderReplicaSetsTable(const Json& rs_list, UnixMillis now) {
  using namespace render;
  const Json& items = Items(rs_list);
  if (items.empty()) return NoResources(rs_list);
  return ListTable(rs_list, ReplicaSetRows(items, now));
}

}  // namespace kf
