// JSON. The engine uses nlohmann::basic_json with objects kept as sorted
// vectors (JsonObjectMap, json_object_map.h: read its contract on references
// into an object), whose keys stay sorted as std::map's would, so a plain
// dump is canonical: the same value always gives the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/core/json_object_map.h"
#include "engine/core/status.h"

namespace kf {

using Json = nlohmann::basic_json<JsonObjectMap>;

// Parses JSON text; the error (InvalidArgument) names the 0-based byte offset
// and what was wrong: "invalid JSON at byte offset 9: syntax error ...".
Result<Json> ParseJson(std::string_view text);

// Compact canonical form: sorted keys, no spaces, numbers as nlohmann prints
// them. Stable across runs; what hashes and recordings use.
std::string CanonicalJson(const Json& j);

// A 64-bit fingerprint of a value's type, structure and contents (keys in
// order, numbers by type and bits), without copying or serialising it: for
// checking that a value handed on was not changed. Not cryptographic.
uint64_t JsonFingerprint(const Json& j);

// Hex SHA-256 of bytes.
std::string Sha256Hex(std::string_view bytes);

// Walks a dotted path with [index] steps ("spec.template.spec.containers[0]")
// and returns nullptr when any step is missing.
const Json* JsonAtPath(const Json& j, std::string_view path);

// j[key] when j is an object that has it, else a null Json (which JsonString,
// JsonInt, JsonAtPath and range-for read as empty): a read without the copy
// that j.value(key, Json::object()) makes.
const Json& JsonMember(const Json& j, std::string_view key);

// Shared empty values for `p != nullptr ? *p : EmptyJsonObject()`: with a
// `Json::object()` temporary instead, the whole conditional is a temporary,
// and *p is deep-copied.
const Json& EmptyJsonObject();
const Json& EmptyJsonArray();

// Returns j[key] as a string/int when present and of that type, else fallback.
std::string JsonString(const Json& j, std::string_view key, std::string fallback = "");
int64_t JsonInt(const Json& j, std::string_view key, int64_t fallback = 0);

}  // namespace kf
