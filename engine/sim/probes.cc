#include "engine/sim/probes.h"

#include "engine/sim/sim_util.h"

namespace kf::sim {

namespace {

// A probe port: a number, or the name of one of the container's ports.
int64_t ResolvePort(const Json& container, const Json& port) {
  if (port.is_number_integer()) return port.get<int64_t>();
  if (!port.is_string()) return 0;
  const Json* ports = JsonAtPath(container, "ports");
  if (ports == nullptr || !ports->is_array()) return 0;
  for (const Json& p : *ports) {
    if (JsonString(p, "name") == port.get<std::string>()) return JsonInt(p, "containerPort");
  }
  return 0;
}

}  // namespace

ProbeSpec ParseProbe(const Json& container, const char* field) {
  ProbeSpec out;
  const Json* probe = JsonAtPath(container, field);
  if (probe == nullptr || !probe->is_object()) return out;
  out.set = true;
  for (const char* h : {"httpGet", "tcpSocket", "exec", "grpc"}) {
    if (probe->contains(h)) out.handler = h;
  }
  if (out.handler == "httpGet" || out.handler == "tcpSocket" || out.handler == "grpc") {
    const Json& handler = (*probe)[out.handler];
    if (handler.contains("port")) out.port = ResolvePort(container, handler["port"]);
    out.path = JsonString(handler, "path", "/");
    out.scheme = JsonString(handler, "scheme", "HTTP");
  }
  out.initial_delay_s = IntAt(*probe, "initialDelaySeconds", 0);
  out.period_s = std::max<int64_t>(1, IntAt(*probe, "periodSeconds", 10));
  out.success_threshold = std::max<int64_t>(1, IntAt(*probe, "successThreshold", 1));
  out.failure_threshold = std::max<int64_t>(1, IntAt(*probe, "failureThreshold", 3));
  return out;
}

bool ContainerServesPort(const Json& container, int64_t port) {
  const Json* ports = JsonAtPath(container, "ports");
  if (ports == nullptr || !ports->is_array() || ports->empty()) return true;  // nothing declared: unknown, assume served
  for (const Json& p : *ports) {
    if (JsonInt(p, "containerPort") == port) return true;
  }
  return false;
}

std::string ProbeRefusedOutput(const ProbeSpec& probe, const std::string& pod_ip) {
  const std::string hostport = pod_ip + ":" + std::to_string(probe.port);
  const std::string dial = "dial tcp " + hostport + ": connect: connection refused";
  if (probe.handler == "httpGet") {
    std::string scheme = probe.scheme == "HTTPS" ? "https" : "http";
    return "Get \"" + scheme + "://" + hostport + probe.path + "\": " + dial;
  }
  return dial;
}

}  // namespace kf::sim
