#include "engine/sim/traffic_model.h"

namespace kf::sim {

double TrafficRpsAt(const TrafficProfile& t, UnixMillis at) {
  double rps = t.rps;
  for (const RateChange& c : t.changes) {
    if (at < c.at) break;
    if (c.over <= 0 || at >= c.at + c.over) {
      rps = c.rps;
    } else {
      const double f = static_cast<double>(at - c.at) / static_cast<double>(c.over);
      rps = rps + (c.rps - rps) * f;
    }
  }
  return rps;
}

}  // namespace kf::sim
