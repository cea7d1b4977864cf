// Container logs, generated from the image's log profile for one container
// instance: startup lines, periodic lines, a line when a batch spike starts,
// a pressure line while the working set is above 90% of the limit, and exit
// lines before a non-OOM exit (an OOM kill leaves no last words). Lines
// carry the application's own millisecond timestamp. Internal to engine/sim.
#pragma once

#include <string>

#include "engine/sim/kubelet.h"

namespace kf::sim {

// The log text of `inst` (a record of container c of pod p) from its start
// to its finish, or to `now` while it runs. tail_lines >= 0 keeps the last
// lines only.
std::string RenderLog(const PodRuntime& p, const ContainerRuntime& c, const InstanceRecord& inst,
                      UnixMillis now, int tail_lines);

}  // namespace kf::sim
