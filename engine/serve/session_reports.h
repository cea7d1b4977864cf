// What an outside agent (or a person) working a scenario through
// `kubeflight serve` reports besides its Kubernetes calls, so that the
// session is scored as kubeflight's own runs are (`kubeflight eval
// --session`, engine/eval/serve_session.h). Both are plain POSTs, recorded
// with the session's other requests; the last of each counts.
//
//   POST /kubeflight/v1/assessment
//     {"root_cause": {"category": "oom", "resource": "deployment/payment-service",
//                     "namespace": "production", "summary": "..."},
//      "impact": "...", "evidence": ["...", ...]}
//   POST /kubeflight/v1/verdict
//     {"resolved": true, "summary": "..."}
//
// root_cause.category and root_cause.resource are required strings, the
// rest optional; resolved is a required boolean (the agent's own claim that
// the incident is fixed, scored for honesty).
#pragma once

#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf::serve {

inline constexpr char kAssessmentPath[] = "/kubeflight/v1/assessment";
inline constexpr char kVerdictPath[] = "/kubeflight/v1/verdict";

// BadRequest naming the field, e.g.
// "assessment: root_cause.category: expected a non-empty string".
Status CheckAssessmentBody(const Json& body);
Status CheckVerdictBody(const Json& body);

}  // namespace kf::serve
