#include "engine/serve/session_reports.h"

#include "engine/sim/api_errors.h"

namespace kf::serve {

namespace {

Status OptionalString(const Json& obj, const char* key, const std::string& where) {
  if (!obj.contains(key) || obj[key].is_string()) return Status::Ok();
  return BadRequestError(where + key + ": expected a string");
}

}  // namespace

Status CheckAssessmentBody(const Json& body) {
  if (!body.is_object()) return BadRequestError("assessment: expected a JSON object");
  const Json& rc = JsonMember(body, "root_cause");
  if (!rc.is_object()) return BadRequestError("assessment: root_cause: expected an object");
  for (const char* key : {"category", "resource"}) {
    if (JsonString(rc, key).empty()) {
      return BadRequestError(std::string("assessment: root_cause.") + key + ": expected a non-empty string");
    }
  }
  KF_RETURN_IF_ERROR(OptionalString(rc, "namespace", "assessment: root_cause."));
  KF_RETURN_IF_ERROR(OptionalString(rc, "summary", "assessment: root_cause."));
  KF_RETURN_IF_ERROR(OptionalString(body, "impact", "assessment: "));
  if (body.contains("evidence")) {
    const Json& ev = body["evidence"];
    if (!ev.is_array()) return BadRequestError("assessment: evidence: expected an array of strings");
    for (const Json& e : ev) {
      if (!e.is_string()) return BadRequestError("assessment: evidence: expected an array of strings");
    }
  }
  return Status::Ok();
}

Status CheckVerdictBody(const Json& body) {
  if (!body.is_object()) return BadRequestError("verdict: expected a JSON object");
  if (!JsonMember(body, "resolved").is_boolean()) return BadRequestError("verdict: resolved: expected true or false");
  return OptionalString(body, "summary", "verdict: ");
}

}  // namespace kf::serve
