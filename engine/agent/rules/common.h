// Helpers shared by the rules: counting pod states, reading events, naming
// revisions, building the rollback option, formatting numbers.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "engine/agent/facts.h"
#include "engine/agent/rules/rule.h"

namespace kf::agent::rules {

// Pods whose kubectl STATUS is one of `statuses`.
int CountStatus(const Facts& f, std::initializer_list<const char*> statuses);
// "1 of 4 pods is in CrashLoopBackOff" style counts.
std::string PodsPhrase(int n, int total, const std::string& what);

// The first event (pod events, then namespace, then OOM events) matching
// `pred`, and the step it came from; nullptr when none.
const Json* FindEvent(const Facts& f, const std::function<bool(const Json&)>& pred, int* step);
// "Warning OOMKilled: Container x exceeded memory limit"
std::string EventLine(const Json& event);

// "v2.13.2" from an image "registry/x:v2.13.2"; "revision N" when untagged.
std::string VersionOf(const Revision& r);
const Revision* FindRevision(const Facts& f, int revision);
// The latest revision before the current one whose images differ from it;
// else the latest whose resources differ; else the one before. nullptr when
// there is none.
const Revision* RollbackTarget(const Facts& f);
// "Roll back to v2.13.2 (revision 3)" through kubernetes.rollout_undo.
std::optional<Option> RollbackOption(const Facts& f, const std::string& rationale);

// "requests cpu=500m memory=20Gi" of a revision's first container; "" when
// the history reported no requests.
std::string RequestsOf(const Revision& r);

// A strategic-merge patch of one container of the workload's pod template.
Json ContainerPatch(const std::string& container, const Json& fields);

// Latency for people, as the seed writes it: nearest 100ms from 1s up
// ("2,400ms" for 2.406), nearest 5ms from 100ms up ("135ms"), else 1ms.
std::string FormatMillis(double seconds);
// "the latency (120ms → 2,400ms p99)" pieces; "" when unknown.
std::string LatencyPhrase(const Facts& f);
// Evidence for the latency query, when made.
void AddLatencyEvidence(const Facts& f, std::vector<EvidenceItem>* evidence);
// "current revision 4: <change-cause, else the version>", cited from the
// rollout history; nothing when the history was not read.
void AddCurrentRevisionEvidence(const Facts& f, std::vector<EvidenceItem>* evidence);
// "Update the Helm chart defaults for x" or "the manifests for x".
std::string ChartOrManifest(const Facts& f);

}  // namespace kf::agent::rules
