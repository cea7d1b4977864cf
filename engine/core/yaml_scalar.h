// YAML 1.2 core schema scalar resolution (internal to engine/core).
#pragma once

#include <string>

#include "engine/core/json.h"

namespace kf::yaml_internal {

// null, Null, NULL, ~ and the empty string.
bool ResolveNull(const std::string& s);
// true/True/TRUE, false/False/FALSE; false when `s` is neither.
bool ResolveBool(const std::string& s, bool* out);
// [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+ into int64, else uint64, else double
// (beyond uint64). False when `s` is not an integer.
bool ResolveInt(const std::string& s, Json* out);
// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, [-+]?.inf, .nan (and
// their capitalised forms) into a double. False when `s` is not a float.
bool ResolveFloat(const std::string& s, Json* out);
// A plain (untagged, unquoted) scalar: null, bool, int, float, else string.
Json ResolvePlain(const std::string& s);

}  // namespace kf::yaml_internal
