#include "engine/sim/service_reachability.h"

namespace kf::sim {

std::vector<int64_t> SubsetPorts(const Json& subset) {
  std::vector<int64_t> out;
  auto it = subset.find("ports");
  if (it == subset.end() || !it->is_array()) return out;
  for (const Json& p : *it) {
    auto port = p.find("port");
    if (port != p.end() && port->is_number_integer()) out.push_back(port->get<int64_t>());
  }
  return out;
}

bool PodListensOn(const Json& pod, int64_t port) {
  const Json* containers = JsonAtPath(pod, "spec.containers");
  if (containers == nullptr || !containers->is_array()) return true;
  bool declared = false;
  for (const Json& c : *containers) {
    auto ports = c.find("ports");
    if (ports == c.end() || !ports->is_array()) continue;
    for (const Json& p : *ports) {
      auto cp = p.find("containerPort");
      if (cp == p.end() || !cp->is_number_integer()) continue;
      declared = true;
      if (cp->get<int64_t>() == port) return true;
    }
  }
  return !declared;
}

std::optional<Json> ResolveEndpointPorts(const Json& service_ports, const Json& pod) {
  Json out = Json::array();
  if (!service_ports.is_array()) return out;
  for (const Json& p : service_ports) {
    Json target = p.contains("targetPort") ? p["targetPort"] : p.value("port", Json(0));
    if (target.is_string()) {
      std::optional<int64_t> found;
      const Json* containers = JsonAtPath(pod, "spec.containers");
      if (containers != nullptr && containers->is_array()) {
        for (const Json& c : *containers) {
          auto ports = c.find("ports");
          if (ports == c.end() || !ports->is_array()) continue;
          for (const Json& cp : *ports) {
            if (cp.value("name", "") == target.get<std::string>() && cp.contains("containerPort")) {
              found = cp["containerPort"].get<int64_t>();
              break;
            }
          }
          if (found) break;
        }
      }
      if (!found) return std::nullopt;
      target = *found;
    }
    Json port = {{"port", target}, {"protocol", p.value("protocol", "TCP")}};
    if (p.contains("name")) port["name"] = p["name"];
    out.push_back(port);
  }
  return out;
}

}  // namespace kf::sim
