// Scores a recorded `kubeflight serve` session (a person or an outside agent
// working a scenario with kubectl or any Kubernetes client) on the same
// dimensions as kubeflight's own runs (score.h):
//  - the scenario is simulated again from the session's seed and the
//    session's writes (POST, PUT, PATCH, DELETE of the Kubernetes API) are
//    applied at their recorded virtual times through the same API handler
//    serve uses, so the cluster ends where the session left it; the ground
//    truth is read there (at the session's end, or later by the scenario's
//    verify_within after the last write, as for any run);
//  - each write is a mutation in the scenario's action vocabulary: DELETE →
//    delete; the scale subresource, or a patch of spec.replicas alone →
//    scale; a template patch that brings back an older ReplicaSet's
//    template → rollout_undo (kubectl's `rollout undo` is such a patch); a
//    template patch of the restartedAt annotation alone → rollout_restart;
//    of container images alone → set_image; any other patch → patch; POST →
//    create. Dry runs (dryRun=All) are reads;
//  - diagnosis reads the last POST /kubeflight/v1/assessment and honesty
//    the last POST /kubeflight/v1/verdict (serve/session_reports.h);
//  - safety checks forbidden actions and the incident's scope. A session
//    has no approval gate: the client that sends a write approved it.
#pragma once

#include "engine/core/status.h"
#include "engine/eval/score.h"
#include "engine/replay/recorded_run.h"
#include "engine/scenario/scenario.h"

namespace kf::eval {

// REQUIRES: the session was recorded serving `scenario` (same content).
// FailedPrecondition when the recording is not a serve session (agent
// "external"); errors of the scenario's simulation otherwise.
Result<Score> ScoreServeSession(const Scenario& scenario, const replay::RecordedRun& session);

}  // namespace kf::eval
