// The cells kubectl's printPod computes for one pod
// (k8s.io/kubernetes pkg/printers/internalversion/printers.go).
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"

namespace kf::render {

struct PodRow {
  std::string name;
  std::string ready;     // "1/1": ready containers / containers (+ sidecar init containers)
  std::string status;    // "Running", "CrashLoopBackOff", "Init:0/1", "Terminating", ...
  std::string restarts;  // "5 (2m ago)" when a last termination time is known, else "5"
  std::string age;
  std::string ip;        // wide: first podIPs entry (else podIP), "<none>"
  std::string node;      // wide: spec.nodeName, "<none>"
  std::string nominated_node;   // wide
  std::string readiness_gates;  // wide: "1/2" or "<none>"
};

PodRow ComputePodRow(const Json& pod, UnixMillis now);

}  // namespace kf::render
