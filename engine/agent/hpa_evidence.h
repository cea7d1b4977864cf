// The builtin agent's autoscaling evidence: the HorizontalPodAutoscalers of
// the workload's namespace (read when the pods look healthy, so incidents
// with failing pods keep their plan), the one that targets the workload as
// a view, and the verification after an HPA change (category hpa-max): the
// HPA scaled past its old maximum and is no longer limited, the pods Ready,
// the rollout complete, p99 latency over the last 2 minutes back near its
// baseline. Pure functions of the transcript; nothing here calls a tool.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/agent/facts.h"

namespace kf::agent {

// One HPA as `kubectl get hpa` and `describe hpa` show it.
struct HpaView {
  std::string name;
  int64_t min_replicas = 1;
  int64_t max_replicas = 0;
  int64_t current_replicas = 0;
  int64_t desired_replicas = 0;
  int64_t target_utilization = 0;   // cpu averageUtilization target, 0 = none
  int64_t utilization = -1;         // current cpu averageUtilization, -1 = unknown
  bool limited = false;             // condition ScalingLimited True
  std::string limited_reason;       // "TooManyReplicas", "DesiredWithinRange", ...
  std::string limited_message;
};

// The kind the agent lists HPAs with.
inline constexpr char kHpaKind[] = "hpa";

// The HPA of the listed ones whose scaleTargetRef is the workload's
// Deployment; nullopt when none was listed.
std::optional<HpaView> HpaOfWorkload(const Facts& f);
HpaView ReadHpa(const Json& hpa);

// Appends `kubectl get hpa -n NS` when the pods look healthy.
void AddHpaInvestigation(const Facts& f, std::vector<ToolCall>* plan);

// p99 latency of a service over `window` (the verification uses a short one
// so the minutes before the fix do not dominate).
std::string P99WindowQuery(const std::string& service, const std::string& window);

// The verification of an hpa-max assessment: the next call to make, or the
// verdict; nullopt for other categories. `scope` holds the verify-phase
// steps after `fix`.
std::optional<AgentAction> HpaVerifyStep(const Transcript& t, int iteration, const std::vector<const Step*>& scope,
                                         const Facts& now, const Step& fix, const std::string& prompt);

}  // namespace kf::agent
