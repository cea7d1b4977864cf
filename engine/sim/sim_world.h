// The state every part of the simulator shares: the scenario, the virtual
// clock, the seeded random streams, the object store, the event recorder
// and the series store. Owned by the Simulation; components hold a pointer.
// Internal to engine/sim. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "engine/core/clock.h"
#include "engine/core/rng.h"
#include "engine/metrics/series_store.h"
#include "engine/scenario/scenario.h"
#include "engine/sim/event_recorder.h"
#include "engine/sim/object_store.h"

namespace kf::sim {

struct SimWorld {
  SimWorld(const Scenario& s, uint64_t seed_value)
      : scenario(s),
        seed(seed_value),
        clock(s.start_time),
        uid_rng(Rng(seed_value).Fork("uids")),
        name_rng(Rng(seed_value).Fork("names")),
        runtime_rng(Rng(seed_value).Fork("runtime")),
        store(&clock, &uid_rng),
        events(&store, &clock) {}

  SimWorld(const SimWorld&) = delete;
  SimWorld& operator=(const SimWorld&) = delete;

  // A generator for one named purpose ("variation/ns/pod"): independent of
  // how many draws other consumers made.
  Rng Stream(const std::string& label) const { return Rng(seed).Fork(label); }

  // The next pinned entry of `list` under `key`, or "" when exhausted.
  std::string NextPin(const std::map<std::string, std::vector<std::string>>& pins,
                      std::map<std::string, size_t>* used, const std::string& key) {
    auto it = pins.find(key);
    if (it == pins.end()) return "";
    size_t& n = (*used)[key];
    return n < it->second.size() ? it->second[n++] : "";
  }

  Scenario scenario;
  uint64_t seed;
  VirtualClock clock;
  Rng uid_rng;
  Rng name_rng;
  Rng runtime_rng;
  ObjectStore store;
  EventRecorder events;
  SeriesStore series;
  std::map<std::string, size_t> hash_pins_used;
  std::map<std::string, size_t> suffix_pins_used;
  // Nodes whose kubelet stopped (history stop_kubelet), with when: from then
  // the kubelet writes no pod status or event and starts nothing there
  // (node_lifecycle_controller.h).
  std::map<std::string, UnixMillis> stopped_kubelets;
  bool KubeletStopped(const std::string& node) const { return stopped_kubelets.count(node) > 0; }
};

}  // namespace kf::sim
