// Small helpers over Kubernetes objects as JSON, shared by the simulator's
// controllers (internal to engine/sim). None of them throw: missing fields
// read as empty/zero.
#pragma once

#include <cstdint>
#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"
#include "engine/core/rng.h"

namespace kf::sim {

const std::string& NameOf(const Json& obj);
const std::string& NamespaceOf(const Json& obj);
const std::string& UidOf(const Json& obj);
const std::string& ResourceVersionOf(const Json& obj);
// metadata.labels, or an empty object.
const Json& LabelsOf(const Json& obj);
// "ns/name".
std::string KeyOf(const std::string& ns, const std::string& name);
std::string KeyOf(const Json& obj);

// The ownerReference with controller: true, or nullptr.
const Json* ControllerRefOf(const Json& obj);
// An ownerReference to `owner` ({apiVersion, kind, name, uid, controller,
// blockOwnerDeletion}).
Json OwnerRefTo(const Json& owner);

// Numbers and strings at a dotted path; fallback when absent or mistyped.
int64_t IntAt(const Json& obj, std::string_view path, int64_t fallback = 0);
std::string StrAt(const Json& obj, std::string_view path, std::string fallback = "");
// An RFC 3339 timestamp at path as UnixMillis, or 0.
UnixMillis TimeAt(const Json& obj, std::string_view path);

// Pods.
bool IsPodTerminal(const Json& pod);     // phase Succeeded or Failed
bool IsPodReady(const Json& pod);        // condition Ready == True
// When the Ready condition last became True (0 when not ready).
UnixMillis PodReadySince(const Json& pod);
int64_t PodRestarts(const Json& pod);    // sum over containers
// Available: ready for at least min_ready_seconds at `now`.
bool IsPodAvailable(const Json& pod, int64_t min_ready_seconds, UnixMillis now);

// Resolves an IntOrString (3 or "25%") against total, rounding a percentage
// up or down; `fallback` when absent.
int64_t ResolveIntOrPercent(const Json* value, int64_t total, bool round_up,
                            const std::string& fallback);

// Container resources as numbers: bytes and millicores; 0 when absent.
int64_t MemoryBytes(const Json& resources, const char* which);  // "limits"/"requests"
int64_t CpuMilli(const Json& resources, const char* which);

// A random RFC 4122 version-4 uid drawn from rng.
std::string NewUid(Rng& rng);
// n lowercase hex digits drawn from rng.
std::string RandomHex(Rng& rng, size_t n);

// The pod-template-hash the deployment controller computes: FNV-32a over
// the canonical template (and the collision count when non-zero), its
// decimal digits encoded with the Kubernetes safe alphabet as
// rand.SafeEncodeString does.
std::string PodTemplateHash(const Json& pod_template, int64_t collision_count);
// Semantic equality of two pod templates ignoring the pod-template-hash
// label (how the controller finds a deployment's current ReplicaSet).
bool TemplatesMatch(const Json& a, const Json& b);

// Fast 64-bit mix for deterministic noise keys.
uint64_t Mix64(uint64_t a, uint64_t b);
uint64_t HashString(std::string_view s);

}  // namespace kf::sim
