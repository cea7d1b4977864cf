// Container probes as the kubelet runs them: parsing a container's
// readinessProbe/livenessProbe (httpGet or tcpSocket; named ports resolved
// against the container's ports), whether the application answers a probe,
// and the failure output the kubelet puts in its `Unhealthy` events. The
// probe loop itself lives in Kubelet (probe_runner.cc). Internal to engine/sim.
#pragma once

#include <cstdint>
#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"

namespace kf::sim {

struct ProbeSpec {
  bool set = false;
  std::string handler;   // "httpGet", "tcpSocket", "exec", "grpc"
  std::string path;      // httpGet path
  std::string scheme = "HTTP";
  int64_t port = 0;      // resolved number; 0 when unresolvable
  int64_t initial_delay_s = 0;
  int64_t period_s = 10;
  int64_t success_threshold = 1;
  int64_t failure_threshold = 3;
};

// The probe `field` ("readinessProbe", "livenessProbe") of a container spec,
// with the API server's defaults (periodSeconds 10, successThreshold 1,
// failureThreshold 3).
ProbeSpec ParseProbe(const Json& container, const char* field);

// Whether the application listens on `port`: it serves the ports the
// container declares (spec.containers[].ports[].containerPort); a container
// that declares none is assumed to serve any port (declaring is optional).
bool ContainerServesPort(const Json& container, int64_t port);

// The probe's output when the application does not accept the connection,
// as the kubelet's prober writes it:
//   httpGet:   Get "http://10.244.1.7:8081/healthz": dial tcp 10.244.1.7:8081: connect: connection refused
//   tcpSocket: dial tcp 10.244.1.7:8081: connect: connection refused
std::string ProbeRefusedOutput(const ProbeSpec& probe, const std::string& pod_ip);

}  // namespace kf::sim
