// The kubelet's probe loops (readiness and liveness) for one container.
//
// A probe runs first initialDelaySeconds after the container starts (one
// periodSeconds when that is 0) and then every periodSeconds while the
// container runs. The application answers once it has started (the image's
// ready_after) on the ports its container declares; anything else is
// "connection refused". Every failed probe writes a Warning `Unhealthy`
// event ("Readiness probe failed: <output>"); failureThreshold consecutive
// failures mark the container unready (readiness) or kill it (liveness:
// Normal `Killing` "Container <name> failed liveness probe, will be
// restarted", exit code 137, restarted with back-off). successThreshold
// consecutive successes mark it ready again.
//
// A readiness probe that can pass keeps the simpler timing of ready_delay
// (ready at max(ready_after, initialDelaySeconds)); the loop decides
// readiness only when the probe's port is not served, so that the pods of
// existing scenarios keep their timings.
#include "engine/sim/kubelet.h"

namespace kf::sim {

namespace {

using State = ContainerRuntime::State;

bool NetworkProbe(const ProbeSpec& p) { return p.handler == "httpGet" || p.handler == "tcpSocket"; }

DurationMs FirstProbeAfter(const ProbeSpec& p) {
  return (p.initial_delay_s > 0 ? p.initial_delay_s : p.period_s) * 1000;
}

}  // namespace

bool Kubelet::ReadinessNeedsProbeLoop(const ContainerRuntime& c) const {
  return c.readiness.set && NetworkProbe(c.readiness) && !ContainerServesPort(c.spec, c.readiness.port);
}

bool Kubelet::AppAnswers(const PodRuntime& p, const ContainerRuntime& c, const ProbeSpec& probe) const {
  (void)p;
  if (c.state != State::kRunning || c.profile == nullptr) return false;
  if (w_->clock.Now() - c.current.started_at < c.profile->ready_after) return false;
  return !NetworkProbe(probe) || ContainerServesPort(c.spec, probe.port);
}

void Kubelet::StartProbes(PodRuntime& p, size_t i) {
  ContainerRuntime& c = p.containers[i];
  c.probe_failures = c.probe_successes = c.liveness_failures = 0;
  const UnixMillis now = w_->clock.Now();
  if (ReadinessNeedsProbeLoop(c)) After(now + FirstProbeAfter(c.readiness), p, i, &Kubelet::ReadinessProbe);
  if (c.liveness.set) After(now + FirstProbeAfter(c.liveness), p, i, &Kubelet::LivenessProbe);
}

void Kubelet::ReadinessProbe(PodRuntime& p, size_t i) {
  ContainerRuntime& c = p.containers[i];
  if (c.state != State::kRunning) return;
  if (AppAnswers(p, c, c.readiness)) {
    c.probe_failures = 0;
    if (++c.probe_successes >= c.readiness.success_threshold && !c.ready) MarkReady(p, i);
  } else {
    c.probe_successes = 0;
    Event(p, &c, "Warning", "Unhealthy",
          "Readiness probe failed: " + ProbeRefusedOutput(c.readiness, p.pod_ip));
    if (++c.probe_failures >= c.readiness.failure_threshold && c.ready) {
      c.ready = false;
      WriteStatus(p);
    }
  }
  After(w_->clock.Now() + c.readiness.period_s * 1000, p, i, &Kubelet::ReadinessProbe);
}

void Kubelet::LivenessProbe(PodRuntime& p, size_t i) {
  ContainerRuntime& c = p.containers[i];
  if (c.state != State::kRunning) return;
  if (AppAnswers(p, c, c.liveness)) {
    c.liveness_failures = 0;
  } else {
    Event(p, &c, "Warning", "Unhealthy",
          "Liveness probe failed: " + ProbeRefusedOutput(c.liveness, p.pod_ip));
    if (++c.liveness_failures >= c.liveness.failure_threshold) {
      Event(p, &c, "Normal", "Killing", "Container " + c.name + " failed liveness probe, will be restarted");
      Terminate(p, i, "Error", 137);
      return;
    }
  }
  After(w_->clock.Now() + c.liveness.period_s * 1000, p, i, &Kubelet::LivenessProbe);
}

}  // namespace kf::sim
