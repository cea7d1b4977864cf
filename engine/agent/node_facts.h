// What the builtin agent read about a node and the pods on it when its
// workload's pods were evicted (node_evidence.h plans the calls): the Node
// object (conditions, taints, allocatable), the node's events, the working
// set of every pod on it (a Prometheus vector), and the chain from the
// heaviest other pod to its Deployment. Pure data read from the transcript,
// like net_facts.h.
#pragma once

#include <string>
#include <vector>

#include "engine/agent/net_facts.h"
#include "engine/agent/transcript.h"

namespace kf::agent {

struct NodeFacts {
  JsonRead node;           // the Node object
  JsonRead events;         // EventList about the node
  JsonRead memory_by_pod;  // MemoryByPodQuery's result data
  JsonRead pods;           // `get pod NAME` results: the latest one
  JsonRead replicaset;     // `get rs NAME`: the latest one
  JsonRead deployment;     // the latest Deployment read by name other than the workload's
};

// sum by (namespace, pod) of the working sets of the containers on `node`.
std::string MemoryByPodQuery(const std::string& node);

// Reads NodeFacts from the scoped steps (later results win).
void ExtractNodeFacts(const std::vector<const Step*>& scope, const std::string& workload, NodeFacts* out);

}  // namespace kf::agent
