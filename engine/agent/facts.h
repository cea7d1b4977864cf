// Facts the builtin agent reads out of a transcript: the structured results
// of its tool calls, each with the step it came from so evidence can cite it.
// Pure functions of the transcript; nothing here calls a tool.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/agent/net_facts.h"
#include "engine/agent/node_facts.h"
#include "engine/agent/transcript.h"

namespace kf::agent {

// The workload under investigation.
struct Workload {
  std::string kind = "deployment";
  std::string name;
  std::string ns;
  std::string selector;  // "app=payment-service"
  int step = 0;          // where it was discovered
};

// One pod as `kubectl get pods` sums it up.
struct PodFact {
  std::string name;
  bool ready = false;
  std::string status;  // kubectl STATUS: Running, CrashLoopBackOff, ImagePullBackOff, Pending, ...
  int restarts = 0;
  std::string last_terminated_reason;  // "OOMKilled", "Error", ...
  int last_exit_code = 0;
  UnixMillis last_terminated_at = 0;
  UnixMillis created = 0;
  std::string container;  // the first container not ready, else the first
  std::string reason;     // status.reason: "Evicted" for a pod the kubelet evicted
  std::string node;       // spec.nodeName
};

struct PodUsage {
  std::string name;
  int64_t memory_bytes = 0;
  int64_t cpu_millis = 0;
};

struct Revision {
  int revision = 0;
  std::string change_cause;
  std::vector<std::string> images;
  Json resources;  // [{"container","requests","limits"}]
};

// A located result: the structured output of one step.
template <typename T>
struct Located {
  T value{};
  int step = 0;  // 0 = not observed
  bool seen() const { return step > 0; }
};

struct Facts {
  std::optional<Workload> workload;
  JsonRead deployment;  // the Deployment object
  Located<std::vector<PodFact>> pods;
  JsonRead pod_events;  // EventList about the failing pod
  JsonRead ns_events;   // EventList of the namespace
  JsonRead oom_events;  // EventList, reason=OOMKilling
  Located<std::string> logs;
  Located<std::vector<PodUsage>> usage;
  Located<std::vector<Revision>> history;
  int current_revision = 0;
  Located<double> p99_seconds;   // now; seen() false when no data
  Located<double> p99_baseline;  // P99BaselineQuery: before the incident
  bool metrics_unavailable = false;  // prometheus.query failed
  std::string failing_pod;  // the pod the investigation focuses on
  std::map<std::string, Located<double>> queries;  // other PromQL results: the largest sample, by query
  NetFacts net;  // Services, Endpoints, error rate (net_facts.h)
  JsonRead quotas;  // ResourceQuotaList of the workload's namespace (sched_evidence.h)
  // Other lists read with `kubectl get KIND [-n NS]` (no name), by the kind
  // as asked, lower case ("hpa", "nodes"): capacity_evidence.h.
  std::map<std::string, JsonRead> lists;
  NodeFacts node;  // the node of evicted pods (node_facts.h)
};

// Steps of `transcript` in the current scope: every step of `iteration`, or
// (after_step > 0) only those after that step number.
std::vector<const Step*> StepsInScope(const Transcript& transcript, int iteration, int after_step);

// The incident as first seen: the INVESTIGATE steps of iteration 1.
std::vector<const Step*> FirstInvestigation(const Transcript& transcript);

// Reads the facts out of the scoped steps (later results win). The workload
// comes from the whole transcript (`all`).
Facts ExtractFacts(const Transcript& all, const std::vector<const Step*>& scope,
                   const std::string& prompt);

// The deployment discovery: among a DeploymentList, the one the prompt names
// (the longest name that appears as a word), else the least healthy one.
std::optional<Workload> ChooseWorkload(const Json& deployment_list, const std::string& prompt,
                                       int step);

PodFact ReadPod(const Json& pod);
std::vector<PodUsage> ReadUsage(const Json& pod_metrics_list);
std::vector<Revision> ReadHistory(const Json& history, int* current_revision);
// The largest sample of a Prometheus vector result (the worst series, e.g.
// the slowest pod); nullopt when there is no finite sample.
std::optional<double> MaxSample(const Json& prom_data);

// The container spec named `name` in a Deployment (first when empty);
// nullptr when absent. *index receives its position.
const Json* FindContainer(const Json& deployment, const std::string& name, int* index);
// Memory quantity at `path` of a container ("resources.limits.memory") in
// bytes, 0 when absent or unparsable.
int64_t MemoryAt(const Json& container, const char* path);

// The PromQL for a workload's p99 latency, as the seed writes it.
std::string P99Query(const std::string& service);
// The same, 30 minutes earlier: the baseline before a recent change.
std::string P99BaselineQuery(const std::string& service);

}  // namespace kf::agent
