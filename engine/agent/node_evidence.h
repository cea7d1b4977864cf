// The builtin agent's node-side evidence when pods of its workload were
// evicted (status.reason Evicted): the node they ran on (conditions, taints,
// events), the working set of every pod on that node, and the Deployment
// behind the heaviest pod that is not the workload's (its pod, then its
// ReplicaSet, then the Deployment, as ownerReferences lead). Investigations
// without evicted pods keep their plan unchanged. Also the verification of
// a node-pressure fix. Pure functions of the transcript.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/agent/agent.h"
#include "engine/agent/facts.h"

namespace kf::agent {

// The node of the workload's evicted pods ("" when none was evicted).
std::string EvictedPodsNode(const Facts& f);

// The heaviest pod on the node that is not one of the workload's pods:
// namespace, name and working set, from MemoryByPodQuery's result.
struct NodePod {
  std::string ns, name;
  double bytes = 0;
};
std::optional<NodePod> HeaviestOtherPod(const Facts& f);
// Sum of the working sets of every pod on the node (0 when not read).
double NodePodsMemory(const Facts& f);

// Appends the node investigation (see above) when pods were evicted.
void AddNodeInvestigation(const Facts& f, std::vector<ToolCall>* plan);

// The verification of a node-pressure assessment: the next call, or the
// verdict; nullopt for other categories. Evicted pods from before the fix
// are history, not failures of the service: the checks count the pods that
// run now and evictions after the fix.
std::optional<AgentAction> NodeVerifyStep(const Transcript& t, int iteration, const std::vector<const Step*>& scope,
                                          const Facts& now, const Step& fix, const std::string& prompt);

}  // namespace kf::agent
