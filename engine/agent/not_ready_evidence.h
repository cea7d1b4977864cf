// The builtin agent's evidence when pods of its workload are stuck
// Terminating (metadata.deletionTimestamp set) on a node: the node (its
// Ready condition, taints, events), every pod in the cluster and every
// Service, to find what fills the nodes that still run. Investigations
// without Terminating pods keep their plan unchanged. Also the verification
// of a node-not-ready fix. Pure functions of the transcript.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/agent/facts.h"

namespace kf::agent {

// The node of the workload's first Terminating pod ("" when none).
std::string TerminatingPodsNode(const Facts& f);
// The workload's pods with a deletionTimestamp, from the pod list.
int TerminatingPods(const Facts& f);
// The Ready condition's status of the node read ("" when not read).
std::string JsonReadyStatus(const Facts& f);

// The Deployment whose pods hold the most requested memory on the nodes
// other than `dead_node`, among pods no Service selects (they serve no
// traffic) and that are not the workload's. From `get pods -A` and
// `get services -A`.
struct CapacityHolder {
  std::string ns, deployment;
  int pods = 0;
  int64_t memory = 0;  // requested bytes, summed over its pods
};
std::optional<CapacityHolder> NonServingCapacityHolder(const Facts& f, const std::string& dead_node);

// Appends the node investigation (see above) when pods are Terminating.
void AddNotReadyInvestigation(const Facts& f, std::vector<ToolCall>* plan);

// The verification of a node-not-ready assessment: the next call, or the
// verdict; nullopt for other categories. Pods stuck Terminating on the
// unreachable node are reported, not counted as the service's pods: only
// their replacements must run.
std::optional<AgentAction> NotReadyVerifyStep(const Transcript& t, int iteration, const std::vector<const Step*>& scope,
                                              const Facts& now, const Step& fix, const std::string& prompt);

}  // namespace kf::agent
