#include "engine/sim/endpoints_controller.h"

#include "engine/sim/selector.h"
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
  Json ready = Json::array(), not_ready = Json::array();
  for (const Json* pod : w_->store.List("Pod", ns)) {
    if (IsPodTerminal(*pod) || !selector->Matches(LabelsOf(*pod))) continue;
    const std::string ip = StrAt(*pod, "status.podIP");
    if (ip.empty()) continue;
    Json addr = {{"ip", ip},
                 {"nodeName", StrAt(*pod, "spec.nodeName")},
                 {"targetRef",
                  {{"kind", "Pod"}, {"name", NameOf(*pod)}, {"namespace", ns}, {"uid", UidOf(*pod)}}}};
    (IsPodReady(*pod) ? ready : not_ready).push_back(addr);
  }
  Json ports = Json::array();
  const Json* sp = JsonAtPath(*svc, "spec.ports");
  if (sp != nullptr && sp->is_array()) {
    for (const Json& p : *sp) {
      Json port = {{"port", p.contains("targetPort") && p["targetPort"].is_number_integer()
                                ? p["targetPort"]
                                : p.value("port", Json(0))},
                   {"protocol", JsonString(p, "protocol", "TCP")}};
      if (p.contains("name")) port["name"] = p["name"];
      ports.push_back(port);
    }
  }
  Json subsets = Json::array();
  if (!ready.empty() || !not_ready.empty()) {
    Json subset = {{"ports", ports}};
    if (!ready.empty()) subset["addresses"] = ready;
    if (!not_ready.empty()) subset["notReadyAddresses"] = not_ready;
    subsets.push_back(subset);
  }
  Json ep = existing != nullptr
                ? *existing
                : Json{{"apiVersion", "v1"},
                       {"kind", "Endpoints"},
                       {"metadata", {{"name", name}, {"namespace", ns}, {"labels", LabelsOf(*svc)}}}};
  ep["subsets"] = subsets;
  if (existing != nullptr) {
    (void)w_->store.Update(std::move(ep));
  } else {
    (void)w_->store.Create(std::move(ep));
  }
}

}  // namespace kf::sim
