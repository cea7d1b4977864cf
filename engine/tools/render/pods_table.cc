// `kubectl get pods`: the server-side Table columns of printPod.
#include "engine/core/strings.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/pod_status.h"
#include "engine/tools/render/render_util.h"
#include "engine/tools/render/table_rows.h"

namespace kf {

namespace render {

std::vector<std::vector<std::string>> PodRows(const Json& items, UnixMillis now, bool wide) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"NAME", "READY", "STATUS", "RESTARTS", "AGE"};
  if (wide) header.insert(header.end(), {"IP", "NODE", "NOMINATED NODE", "READINESS GATES"});
  rows.push_back(header);
  for (const Json& pod : items) {
    PodRow r = ComputePodRow(pod, now);
    std::vector<std::string> row = {r.name, r.ready, r.status, r.restarts, r.age};
    if (wide) row.insert(row.end(), {r.ip, r.node, r.nominated_node, r.readiness_gates});
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace render

std::string RenderPodsTable(const Json& pod_list, UnixMillis now, bool wide) {
  using namespace render;
  const Json& items = Items(pod_list);
  if (items.empty()) return NoResources(pod_list);
  return ListTable(pod_list, PodRows(items, now, wide));
}

}  // namespace kf
