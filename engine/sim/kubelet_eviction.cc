// Kubelet::Evict: how the kubelet's eviction manager kills a pod under node
// pressure (pkg/kubelet/eviction: evictPod with a hard threshold).
#include "engine/sim/kubelet.h"
#include "engine/sim/sim_util.h"

namespace kf::sim {

using State = ContainerRuntime::State;

void Kubelet::Evict(const std::string& ns, const std::string& name, const std::string& message) {
  PodRuntime* p = Lookup(KeyOf(ns, name));
  if (p == nullptr || !p->evicted_message.empty()) return;
  const UnixMillis now = w_->clock.Now();
  p->evicted_message = message;
  Event(*p, nullptr, "Warning", "Evicted", message);
  for (ContainerRuntime& c : p->containers) {
    ++c.epoch;
    if (c.state == State::kRunning) {
      ++c.kills;
      Event(*p, &c, "Normal", "Killing", "Stopping container " + c.name);
      c.current.finished_at = now;
      c.current.reason = "Error";
      c.current.exit_code = 137;
    }
    c.state = State::kTerminated;
    c.ready = false;
  }
  WriteStatus(*p);
}

}  // namespace kf::sim
