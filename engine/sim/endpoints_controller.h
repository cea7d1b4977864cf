// The Endpoints controller: for each Service with a selector, an Endpoints
// object of the same name listing the selected pods' IPs, ready ones under
// addresses and the others under notReadyAddresses. Internal to engine/sim.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/sim/selector.h"
#include "engine/sim/sim_world.h"

namespace kf::sim {

class EndpointsController {
 public:
  explicit EndpointsController(SimWorld* world) : w_(world) {}

  // Reconciles the Endpoints of one Service (deleting them with it).
  void Sync(const std::string& ns, const std::string& name);
  // Services in ns whose selector matches the labels (for change fan-out).
  std::vector<std::string> ServicesSelecting(const std::string& ns, const Json& labels) const;

 private:
  // Parsed spec.selector by "ns/name", with the resourceVersion it came from.
  mutable std::map<std::string, std::pair<std::string, LabelSelector>> selectors_;
  SimWorld* w_;
};

}  // namespace kf::sim
