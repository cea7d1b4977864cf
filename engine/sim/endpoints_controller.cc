#include "engine/sim/endpoints_controller.h"

#include <optional>

#include "engine/core/json_builder.h"
#include "engine/sim/selector.h"
#include "engine/sim/service_reachability.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

std::vector<std::string> EndpointsController::ServicesSelecting(const std::string& ns,
                                                                const Json& labels) const {
  std::vector<std::string> out;
  for (const Json* svc : w_->store.List("Service", ns)) {
    const std::string rv = StrAt(*svc, "metadata.resourceVersion");
    auto& cached = selectors_[KeyOf(ns, NameOf(*svc))];
    if (cached.first != rv) {
      const Json* sel = JsonAtPath(*svc, "spec.selector");
      auto s = sel != nullptr && sel->is_object() && !sel->empty() ? LabelSelectorFromJson(*sel)
                                                                   : Result<LabelSelector>(LabelSelector::Nothing());
      cached = {rv, s.ok() ? *s : LabelSelector::Nothing()};
    }
    if (cached.second.Matches(labels)) out.push_back(NameOf(*svc));
  }
  return out;
}

void EndpointsController::Sync(const std::string& ns, const std::string& name) {
  const Json* svc = w_->store.Get("Service", ns, name);
  const Json* existing = w_->store.Get("Endpoints", ns, name);
  if (svc == nullptr) {
    if (existing != nullptr) (void)w_->store.Delete("Endpoints", ns, name);
    return;
  }
  const Json* sel = JsonAtPath(*svc, "spec.selector");
  if (sel == nullptr || !sel->is_object() || sel->empty()) return;
  auto selector = LabelSelectorFromJson(*sel);
  if (!selector.ok()) return;
  // Each pod's ports: a named targetPort resolves per pod to the container
  // port of that name (FindPort), and a pod without it is left out; pods
  // with the same ports share a subset, as the real controller packs them.
  const Json* sp = JsonAtPath(*svc, "spec.ports");
  std::map<std::string, std::pair<Json, std::pair<Json, Json>>> by_ports;  // ports dump → (ports, (ready, not))
  for (const Json* pod : w_->store.List("Pod", ns)) {
    if (IsPodTerminal(*pod) || !selector->Matches(LabelsOf(*pod))) continue;
    if (JsonAtPath(*pod, "metadata.deletionTimestamp") != nullptr) continue;  // ShouldPodBeInEndpoints
    const std::string ip = StrAt(*pod, "status.podIP");
    if (ip.empty()) continue;
    std::optional<Json> ports = ResolveEndpointPorts(sp != nullptr ? *sp : EmptyJsonArray(), *pod);
    if (!ports) continue;
    Json addr = JsonObject("ip", ip, "nodeName", StrAt(*pod, "spec.nodeName"), "targetRef",
                           JsonObject("kind", "Pod", "name", NameOf(*pod), "namespace", ns, "uid", UidOf(*pod)));
    auto& group = by_ports[ports->dump()];
    if (group.first.is_null()) group = {std::move(*ports), {Json::array(), Json::array()}};
    (IsPodReady(*pod) ? group.second.first : group.second.second).push_back(std::move(addr));
  }
  Json subsets = Json::array();
  for (auto& [key, group] : by_ports) {
    Json subset = JsonObject("ports", std::move(group.first));
    if (!group.second.first.empty()) subset["addresses"] = std::move(group.second.first);
    if (!group.second.second.empty()) subset["notReadyAddresses"] = std::move(group.second.second);
    subsets.push_back(std::move(subset));
  }
  Json ep = existing != nullptr
                ? *existing
                : Json{{"apiVersion", "v1"},
                       {"kind", "Endpoints"},
                       {"metadata", {{"name", name}, {"namespace", ns}, {"labels", LabelsOf(*svc)}}}};
  ep["subsets"] = std::move(subsets);
  if (existing != nullptr) {
    (void)w_->store.Replace(std::move(ep));
  } else {
    (void)w_->store.Create(std::move(ep));
  }
}

}  // namespace kf::sim
