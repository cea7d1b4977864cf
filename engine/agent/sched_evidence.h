// The builtin agent's evidence for rollouts blocked before any pod runs:
//  - a Deployment with a ReplicaFailure condition (the ReplicaSet cannot
//    create pods: FailedCreate events sit on the ReplicaSet, not on a pod):
//    the Deployment's conditions, the namespace's events and its
//    ResourceQuotas;
//  - a failing pod still initializing (kubectl STATUS "Init:i/N"): the logs
//    of the init container it waits on (the app container has not started
//    and has no logs).
// Nothing is added for other incidents, so their plans are unchanged.
#pragma once

#include <string>
#include <vector>

#include "engine/agent/facts.h"

namespace kf::agent {

// The Deployment's ReplicaFailure condition (nullptr when none or unseen).
const Json* ReplicaFailureCondition(const Facts& f);
// The init container the failing pod waits on ("" when it is not
// initializing), from its "Init:i/N" status and the pod template.
std::string PendingInitContainer(const Facts& f);

// Appends the calls above to plan.
void AppendSchedInvestigation(const Facts& f, std::vector<ToolCall>* plan);

}  // namespace kf::agent
