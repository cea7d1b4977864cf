// kubectl's human-readable output, rendered from Kubernetes JSON. The same
// functions serve the simulator and a live cluster, so a tool's text is the
// same in both worlds. Times are rendered relative to `now` (the cluster's
// clock). Output ends with a newline; an empty list renders kubectl's
// "No resources found in NS namespace.\n".
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

// `kubectl get pods`: NAME READY STATUS RESTARTS AGE, with kubectl's status
// rules (CrashLoopBackOff, OOMKilled, Init:0/1, Terminating, Pending, ...).
// wide adds IP and NODE.
std::string RenderPodsTable(const Json& pod_list, UnixMillis now, bool wide = false);
// `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE.
std::string RenderDeploymentsTable(const Json& deployment_list, UnixMillis now);
// `kubectl get replicasets`: NAME DESIRED CURRENT READY AGE.
std::string RenderReplicaSetsTable(const Json& rs_list, UnixMillis now);
// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, in list order.
std::string RenderEventsTable(const Json& event_list, UnixMillis now);
// `kubectl get` for any other kind (services, endpoints, nodes, configmaps,
// secrets, namespaces, pvc, hpa, ...): kubectl's columns for known kinds,
// NAME and AGE otherwise.
std::string RenderGenericTable(const Json& list, UnixMillis now);
// Dispatches on the list's kind to one of the above.
std::string RenderTable(const Json& list, UnixMillis now);

// `kubectl describe pod` with its Events section (events about the pod,
// oldest first, as describe orders them).
std::string RenderDescribePod(const Json& pod, const Json& event_list, UnixMillis now);
// `kubectl describe deployment`, with its ReplicaSets and Events.
std::string RenderDescribeDeployment(const Json& deployment, const Json& replicaset_list,
                                     const Json& event_list, UnixMillis now);
// `kubectl describe` for other kinds: a generic key/value rendering plus
// the Events section.
std::string RenderDescribeGeneric(const Json& object, const Json& event_list, UnixMillis now);

// `kubectl top pods` from a metrics.k8s.io PodMetricsList:
// NAME CPU(cores) MEMORY(bytes).
std::string RenderTopPods(const Json& pod_metrics_list);
// `kubectl rollout history deployment/NAME` from the deployment's
// ReplicaSets: "deployment.apps/NAME \nREVISION  CHANGE-CAUSE\n3 ...".
std::string RenderRolloutHistory(const Json& deployment, const Json& replicaset_list);
// One line of `kubectl rollout status`, e.g.
// "Waiting for deployment \"payment-service\" rollout to finish: 2 of 4 updated replicas are available...\n"
// or "deployment \"payment-service\" successfully rolled out\n". done is set
// when the rollout is complete.
std::string RenderRolloutStatusLine(const Json& deployment, bool* done);

// kubectl's JSONPath template ("{.spec.template.spec.containers[0].resources}",
// "{.items[*].metadata.name}", "{range .items[*]}{.metadata.name}{\"\\n\"}{end}").
// Objects print as compact JSON the way kubectl does. Errors name the
// template position.
Result<std::string> EvaluateJsonPath(const Json& object, const std::string& tmpl);

}  // namespace kf
