#include "engine/kube/api_status.h"

#include "engine/core/json.h"
#include "engine/core/strings.h"

namespace kf::kube {
namespace {

StatusCode CodeForReason(const std::string& reason, int http) {
  if (reason == "NotFound") return StatusCode::kNotFound;
  if (reason == "Forbidden") return StatusCode::kPermissionDenied;
  if (reason == "Unauthorized") return StatusCode::kUnauthenticated;
  if (reason == "AlreadyExists") return StatusCode::kAlreadyExists;
  if (reason == "Conflict") return StatusCode::kConflict;
  if (reason == "Invalid" || reason == "BadRequest" || reason == "UnsupportedMediaType" ||
      reason == "NotAcceptable" || reason == "RequestEntityTooLarge") {
    return StatusCode::kInvalidArgument;
  }
  if (reason == "MethodNotAllowed") return StatusCode::kUnimplemented;
  if (reason == "Timeout") return StatusCode::kDeadlineExceeded;
  if (reason == "TooManyRequests" || reason == "ServiceUnavailable" || reason == "Gone" ||
      reason == "Expired") {
    return StatusCode::kUnavailable;
  }
  if (reason == "InternalError") return StatusCode::kInternal;
  switch (http) {
    case 400: case 415: case 422: return StatusCode::kInvalidArgument;
    case 401: return StatusCode::kUnauthenticated;
    case 403: return StatusCode::kPermissionDenied;
    case 404: return StatusCode::kNotFound;
    case 405: return StatusCode::kUnimplemented;
    case 409: return StatusCode::kConflict;
    case 504: return StatusCode::kDeadlineExceeded;
    case 500: return StatusCode::kInternal;
    default: return http >= 500 || http == 429 ? StatusCode::kUnavailable : StatusCode::kInternal;
  }
}

std::string ResourceWord(const RequestInfo& r) {
  if (!r.resource_override.empty()) return r.resource_override;
  return r.kind ? r.kind->QualifiedResource() : "resource";
}

// client-go's "(get deployments.apps x)" suffix.
std::string Suffix(const RequestInfo& r) {
  return "(" + r.verb + " " + ResourceWord(r) + (r.name.empty() ? "" : " " + r.name) + ")";
}

}  // namespace

Status StatusFromResponse(const KubeResponse& response, const RequestInfo& request,
                          const std::string& where) {
  const int http = response.status;
  std::string reason, message;
  if (Result<Json> body = ParseJson(response.body);
      body.ok() && body->is_object() && JsonString(*body, "kind") == "Status") {
    reason = JsonString(*body, "reason");
    message = JsonString(*body, "message");
  }
  if (http == 401) {
    return Unauthenticated("You must be logged in to the server (Unauthorized): " + where +
                           (message.empty() || message == "Unauthorized" ? "" : ": " + message));
  }
  StatusCode code = CodeForReason(reason, http);
  if (!message.empty()) return Status(code, message);
  std::string text = Trim(response.body);
  switch (http) {
    case 403: {
      std::string m = "forbidden: cannot " + request.verb + " resource \"" +
                      (request.kind ? request.kind->resource : ResourceWord(request)) + "\"";
      if (request.kind && !request.kind->group.empty()) m += " in API group \"" + request.kind->group + "\"";
      if (!request.ns.empty()) m += " in the namespace \"" + request.ns + "\"";
      return Status(code, m);
    }
    case 404:
      return Status(code, "the server could not find the requested resource " + Suffix(request));
    case 409:
      return Status(code, "the server reported a conflict " + Suffix(request));
    case 429:
      return Status(code, "the server has received too many requests and has asked us to try "
                          "again later " + Suffix(request));
    case 503:
      return Status(code, "the server is currently unable to handle the request " + Suffix(request));
    case 504:
      return Status(code, "the server was unable to return a response in the time allotted, but "
                          "may still be processing the request " + Suffix(request));
    default:
      break;
  }
  if (http >= 500) {
    return Status(code, "an error on the server (\"" + (text.empty() ? "unknown" : text) +
                            "\") has prevented the request from succeeding " + Suffix(request));
  }
  return Status(code, "the server responded with the status code " + std::to_string(http) +
                          " but did not return more information " + Suffix(request));
}

}  // namespace kf::kube
