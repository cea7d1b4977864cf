// kubectl's human-readable output, rendered from Kubernetes JSON. The same
// functions serve the simulator and a live cluster, so a tool's text is the
// same in both worlds. Times are rendered relative to `now` (the cluster's
// clock). Output ends with a newline; an empty list renders kubectl's
// "No resources found in NS namespace.\n", NS being the list's
// metadata.namespace (API lists do not carry one: callers set it), else
// "No resources found\n" (kubectl's text for all namespaces / cluster scope).
// Missing or mistyped fields read as Go zero values, never fail.
// A list whose metadata.allNamespaces is true (set by callers, as for
// metadata.namespace) renders as `kubectl get -A` does: a leading NAMESPACE
// column in every table.
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

// `kubectl get pods`: NAME READY STATUS RESTARTS AGE, with kubectl's status
// rules (CrashLoopBackOff, OOMKilled, Init:0/1, Terminating, Pending, ...).
// RESTARTS is "5 (2m ago)" when a lastState.terminated.finishedAt is known
// (kubectl >= 1.22). wide adds IP, NODE, NOMINATED NODE, READINESS GATES.
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
// oldest first, as describe orders them). A null event_list omits the
// Events section (--show-events=false); an empty list prints "<none>".
// Times print in UTC.
std::string RenderDescribePod(const Json& pod, const Json& event_list, UnixMillis now);
// `kubectl describe deployment`, with its ReplicaSets and Events.
std::string RenderDescribeDeployment(const Json& deployment, const Json& replicaset_list,
                                     const Json& event_list, UnixMillis now);
// `kubectl describe` for other kinds: a generic key/value rendering plus
// the Events section.
std::string RenderDescribeGeneric(const Json& object, const Json& event_list, UnixMillis now);

// `kubectl top pods` from a metrics.k8s.io PodMetricsList:
// NAME CPU(cores) MEMORY(bytes), sorted by name, lines padded with the
// trailing spaces kubectl's tabwriter leaves.
std::string RenderTopPods(const Json& pod_metrics_list);
// `kubectl rollout history deployment/NAME` from the deployment's
// ReplicaSets: "deployment.apps/NAME \nREVISION  CHANGE-CAUSE\n3 ...\n\n"
// (kubectl's trailing blank line included). Only ReplicaSets controlled by
// the deployment (ownerReferences controller uid) count;
// "deployment.apps/NAME No rollout history found.\n" when there are none.
std::string RenderRolloutHistory(const Json& deployment, const Json& replicaset_list);
// One line of `kubectl rollout status`, e.g.
// "Waiting for deployment \"payment-service\" rollout to finish: 2 of 4 updated replicas are available...\n"
// or "deployment \"payment-service\" successfully rolled out\n". done is set
// when the rollout is complete. A Progressing condition with reason
// ProgressDeadlineExceeded returns
// "error: deployment \"NAME\" exceeded its progress deadline\n" with done
// false: kubectl exits 1 there, so callers stop waiting.
std::string RenderRolloutStatusLine(const Json& deployment, bool* done);

// kubectl's JSONPath template ("{.spec.template.spec.containers[0].resources}",
// "{.items[*].metadata.name}", "{range .items[*]}{.metadata.name}{\"\\n\"}{end}").
// No trailing newline is added (kubectl adds none). Objects print as
// compact JSON the way kubectl does (Go json.Marshal:
// sorted keys, <>& escaped). Missing keys print nothing
// (--allow-missing-template-keys). Parse errors are InvalidArgument
// "error parsing jsonpath TMPL, unclosed action (at position N)";
// evaluation errors as client-go words them ("array index out of bounds:
// index 3, length 1").
Result<std::string> EvaluateJsonPath(const Json& object, const std::string& tmpl);

}  // namespace kf
