#include "engine/serve/scale.h"

#include <map>

#include "engine/core/quantity.h"
#include "engine/sim/api_errors.h"
#include "engine/tools/render/render_util.h"

namespace kf::serve {

using render::At;
using render::Str;

Json ScaleOf(const Json& object) {
  Json md = {{"name", Str(At(object, {"metadata", "name"}))},
             {"namespace", Str(At(object, {"metadata", "namespace"}))},
             {"uid", Str(At(object, {"metadata", "uid"}))},
             {"resourceVersion", Str(At(object, {"metadata", "resourceVersion"}))},
             {"creationTimestamp", Str(At(object, {"metadata", "creationTimestamp"}))}};
  return {{"kind", "Scale"},
          {"apiVersion", "autoscaling/v1"},
          {"metadata", md},
          {"spec", {{"replicas", render::Int(At(object, {"spec", "replicas"}), 1)}}},
          {"status",
           {{"replicas", render::Int(At(object, {"status", "replicas"}))},
            {"selector", render::SelectorString(At(object, {"spec", "selector"}))}}}};
}

Result<Json> ReplicasPatch(const Json& object, const Json& scale) {
  const std::string kind = Str(render::Field(object, "kind"));
  const std::string name = Str(At(object, {"metadata", "name"}));
  const std::string rv = Str(At(scale, {"metadata", "resourceVersion"}));
  if (!rv.empty() && rv != Str(At(object, {"metadata", "resourceVersion"}))) {
    return ConflictError(kind, name);
  }
  const Json& replicas = At(scale, {"spec", "replicas"});
  if (!replicas.is_number_integer()) {
    return BadRequestError("Scale in version \"v1\" cannot be handled as a Scale: spec.replicas must be an integer");
  }
  return Json{{"spec", {{"replicas", replicas}}}};
}

Result<Json> NodeMetrics(ClusterBackend* backend) {
  KF_ASSIGN_OR_RETURN(Json nodes, backend->List("Node", "", {}));
  KF_ASSIGN_OR_RETURN(Json pods, backend->List("Pod", "", {}));
  KF_ASSIGN_OR_RETURN(Json usage, backend->PodMetrics("", ""));
  std::map<std::string, std::string> node_of;  // "ns/name" → node
  for (const Json& p : pods["items"]) {
    node_of[Str(At(p, {"metadata", "namespace"})) + "/" + Str(At(p, {"metadata", "name"}))] =
        Str(At(p, {"spec", "nodeName"}));
  }
  std::map<std::string, std::pair<int64_t, int64_t>> sums;  // node → (millicores, milli-bytes)
  std::map<std::string, std::string> stamp;
  for (const Json& pm : usage["items"]) {
    std::string node = node_of[Str(At(pm, {"metadata", "namespace"})) + "/" +
                               Str(At(pm, {"metadata", "name"}))];
    auto& [cpu, mem] = sums[node];
    for (const Json& c : render::Field(pm, "containers")) {
      Result<Quantity> q = Quantity::Parse(Str(At(c, {"usage", "cpu"})));
      if (q.ok()) cpu += q->milli();
      Result<Quantity> m = Quantity::Parse(Str(At(c, {"usage", "memory"})));
      if (m.ok()) mem += m->milli();
    }
    stamp[node] = Str(render::Field(pm, "timestamp"));
  }
  Json items = Json::array();
  for (const Json& n : nodes["items"]) {
    const std::string name = Str(At(n, {"metadata", "name"}));
    auto [cpu_milli, mem_milli] = sums[name];
    // CPU as nanocores, memory as Ki, as metrics-server reports them.
    items.push_back({{"kind", "NodeMetrics"},
                     {"apiVersion", "metrics.k8s.io/v1beta1"},
                     {"metadata", {{"name", name}, {"labels", At(n, {"metadata", "labels"})}}},
                     {"timestamp", stamp[name]},
                     {"window", "15s"},
                     {"usage",
                      {{"cpu", std::to_string(cpu_milli * 1000000) + "n"},
                       {"memory", std::to_string(mem_milli / 1000 / 1024) + "Ki"}}}});
  }
  return Json{{"kind", "NodeMetricsList"},
              {"apiVersion", "metrics.k8s.io/v1beta1"},
              {"metadata", Json::object()},
              {"items", std::move(items)}};
}

}  // namespace kf::serve
