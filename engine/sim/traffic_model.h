// The request rate a Service receives over time: a scenario's TrafficProfile
// (`rps`, then its `changes`, each reached linearly over its `over`).
// Internal to engine/sim.
#pragma once

#include "engine/core/clock.h"
#include "engine/scenario/scenario.h"

namespace kf::sim {

// Requests per second at t. Without changes: t.rps at every instant.
double TrafficRpsAt(const TrafficProfile& t, UnixMillis at);

}  // namespace kf::sim
