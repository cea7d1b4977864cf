// Kubernetes API errors: kf::Status values whose messages are the API
// server's, and the metav1 Status objects (HTTP bodies) built from them.
//
//   NotFoundError("Deployment", "nope")
//     → NotFound: deployments.apps "nope" not found
//   StatusObject(that, "Deployment", "nope")
//     → {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
//        "message":"deployments.apps \"nope\" not found","reason":"NotFound",
//        "details":{"name":"nope","group":"apps","kind":"deployments"},"code":404}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

// One field-level validation failure (a metav1 StatusCause).
struct FieldCause {
  std::string reason;   // "FieldValueInvalid", "FieldValueRequired", ...
  std::string field;    // "spec.replicas"
  std::string message;  // "Invalid value: -1: must be greater than or equal to 0"
};

// Invalid value: field, the offending value (strings print quoted, other JSON
// compact), and why.
FieldCause InvalidValue(std::string field, const Json& value, std::string detail);
// Required value: "Required value" (+ ": detail" when detail is not empty).
FieldCause RequiredValue(std::string field, std::string detail = "");
// Unsupported value: `Unsupported value: "x": supported values: "a", "b"`.
FieldCause UnsupportedValue(std::string field, const Json& value,
                            const std::vector<std::string>& supported);

// kNotFound: `deployments.apps "nope" not found`.
Status NotFoundError(std::string_view kind, std::string_view name);
// kAlreadyExists: `pods "x" already exists`.
Status AlreadyExistsError(std::string_view kind, std::string_view name);
// kConflict: `Operation cannot be fulfilled on deployments.apps "x": <detail>`;
// the default detail is the resourceVersion-mismatch text.
Status ConflictError(std::string_view kind, std::string_view name,
                     std::string_view detail = "the object has been modified; please apply "
                                               "your changes to the latest version and try again");
// kInvalidArgument (422 Invalid):
// `Deployment.apps "x" is invalid: spec.replicas: Invalid value: -1: ...`;
// several causes are joined as "[a, b]". REQUIRES: !causes.empty().
Status InvalidError(std::string_view kind, std::string_view name,
                    const std::vector<FieldCause>& causes);
// kInvalidArgument (400 BadRequest) with the message verbatim.
Status BadRequestError(std::string message);
// kNotFound for a namespace: `namespaces "staging" not found`.
Status NamespaceNotFoundError(std::string_view ns);

// The HTTP code and metav1 StatusReason the API server uses for a code.
// kInvalidArgument maps to 400/BadRequest here; StatusObject picks 422/Invalid
// when the message is an Invalid message (as InvalidError builds).
int HttpStatusCode(StatusCode code);
std::string StatusReason(StatusCode code);

// The metav1 Status body for an error. kind and name fill `details`
// (details.kind is the resource plural, or the Kind for Invalid; the group is
// omitted for the core group; empty name or kind leave those keys out). For
// Invalid messages built by InvalidError, details.causes is recovered from the
// message. The unknown-patch-format message (PatchTypeFromContentType) gives
// 415/UnsupportedMediaType. An OK status gives {"status":"Success","code":200}.
Json StatusObject(const Status& status, std::string_view kind = "", std::string_view name = "");

}  // namespace kf
