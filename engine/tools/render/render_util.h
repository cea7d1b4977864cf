// Helpers shared by the kubectl renderers (internal to engine/tools/render).
// All accessors are total: a missing or mistyped field reads as empty/zero,
// as a Go struct decoded from partial JSON would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/json.h"

namespace kf::render {

// j[key] when j is an object holding key, else a shared null.
const Json& Field(const Json& j, const char* key);
// Nested fields: At(pod, {"status", "phase"}).
const Json& At(const Json& j, std::initializer_list<const char*> path);
std::string Str(const Json& j);                  // string value, else ""
int64_t Int(const Json& j, int64_t fallback = 0);  // integer (or integral string), else fallback
bool Bool(const Json& j);                        // true only for JSON true
// items of a List (empty when absent).
const Json& Items(const Json& list);

// RFC 3339 timestamp field → UnixMillis; 0 when absent or malformed.
UnixMillis Time(const Json& ts);
// kubectl's translateTimestampSince: "<unknown>" for a zero time.
std::string Since(const Json& ts, UnixMillis now);
// Go time.RFC1123Z in UTC: "Tue, 10 Mar 2026 14:29:00 +0000".
std::string Rfc1123z(const Json& ts);

// "No resources found in NS namespace.\n"; "No resources found\n" when the
// namespace is unknown. The namespace comes from the list's
// metadata.namespace (set by callers; real API lists do not carry it).
std::string NoResources(const Json& list);

// True for a list marked as spanning every namespace (kubectl -A); see
// kubectl_render.h.
bool AllNamespaces(const Json& list);
// kubectl's table of `rows` (header first, then one row per item of `list`,
// in order), with a leading NAMESPACE column when AllNamespaces(list).
std::string ListTable(const Json& list, std::vector<std::vector<std::string>> rows);

// metav1.LabelSelector as labels.Selector.String(): "app=x,tier in (a,b)".
std::string SelectorString(const Json& label_selector);
// The ownerReference with controller=true, or null.
const Json& ControllerRef(const Json& object);
// Go's %v of a JSON scalar as unstructured content prints it.
std::string GoValue(const Json& v);
// Go json.Marshal: compact, sorted keys, HTML-safe escaping (<>& as \u003c ...).
std::string GoJson(const Json& v);
// "<none>" for an empty string.
std::string OrNone(const std::string& s);

}  // namespace kf::render
