// Validates JSON values against the JSON Schema subset the tool catalog uses:
// type (string, integer, number, boolean, object, array, null, or a list of
// them), properties, required, enum, additionalProperties: false, items,
// minimum/maximum, minLength, and oneOf (used for "object or array").
// Keywords outside the subset (description, default, title, ...) are ignored.
#pragma once

#include "engine/core/json.h"
#include "engine/core/status.h"

namespace kf {

// OK when `value` satisfies `schema`; otherwise InvalidArgument with the
// first problem found, prefixed by its path when not at the root:
//   replicas: expected integer, got string
//   missing required property "namespace"
//   unknown property "nmespace"
//   patch_type: must be one of "strategic", "merge", "json"
//   replicas: must be >= 0
//   patch: expected object or array, got string
//   patch[0]: missing required property "op"
Status ValidateJson(const Json& schema, const Json& value);

// The schema type name of a JSON value: "string", "integer" (any number with
// an integral value), "number", "boolean", "object", "array" or "null".
const char* JsonTypeName(const Json& value);

}  // namespace kf
