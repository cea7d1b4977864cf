// Applying PATCH bodies as the Kubernetes API server does, for the simulated
// API server and the API facade.
//
//   kMerge           RFC 7386: maps merge recursively, null deletes a key,
//                    lists (and every non-object) replace wholesale.
//   kJson            RFC 6902: add, remove, replace, move, copy, test; JSON
//                    pointers with ~0/~1 escapes and "-" to append. The ops
//                    apply in order to a copy: on any error nothing changes.
//   kStrategicMerge  Kubernetes strategic merge patch for built-in kinds:
//                    lists with a patchMergeKey merge item by item on that key
//                    (containers by name, env by name, ports by containerPort,
//                    volumeMounts by mountPath, status.conditions by type,
//                    Service spec.ports by port, ...); other lists replace;
//                    null deletes; directives $patch (replace|delete|merge),
//                    $deleteFromPrimitiveList/<f>, $setElementOrder/<f>,
//                    $retainKeys are applied and never stored. The list
//                    strategies are chosen by the object's "kind" and the
//                    list's path in it (see smp_schema.h).
//
// All functions are pure and never throw. Errors are kInvalidArgument with
// the API server's (json-patch / strategicpatch library) message, e.g.
//   testing value /spec/replicas failed: test failed
//   replace operation does not apply: doc is missing key: /metadata/annotations: missing value
// The caller (the simulated API server) validates the result and bumps
// resourceVersion/generation; these functions only compute the new object.
#pragma once

#include <string_view>

#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/tools/cluster_backend.h"

namespace kf {

// Applies patch to original with the semantics of type. For kStrategicMerge
// the kind is original["kind"].
Result<Json> ApplyPatch(const Json& original, PatchType type, const Json& patch);

// RFC 7386. REQUIRES nothing: a non-object patch replaces the document, as the
// RFC says; the API server rejects such bodies, so the simulated server
// should check patch.is_object() first (ApplyPatch does).
Json ApplyMergePatch(const Json& original, const Json& patch);

// RFC 6902. patch must be an array of operation objects.
Result<Json> ApplyJsonPatch(const Json& original, const Json& patch);

// Strategic merge patch; kind selects the merge keys ("Deployment", "Pod",
// ...; unknown kinds merge maps and replace lists). patch must be an object.
Result<Json> ApplyStrategicMergePatch(const Json& original, const Json& patch,
                                      std::string_view kind);

// "application/strategic-merge-patch+json" etc. for a type.
const char* PatchContentType(PatchType type);
// The type of a PATCH Content-Type (parameters such as "; charset=utf-8" are
// ignored). Unknown types give kUnimplemented with the API server's 415 text:
// "the body of the request was in an unknown format - accepted media types
// include: application/json-patch+json, application/merge-patch+json,
// application/apply-patch+yaml, application/strategic-merge-patch+json".
Result<PatchType> PatchTypeFromContentType(std::string_view content_type);

}  // namespace kf
