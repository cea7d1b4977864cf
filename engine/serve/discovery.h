// API discovery as the Kubernetes API server serves it, built from the kind
// table (engine/sim/kinds.h) plus metrics.k8s.io/v1beta1:
//  - aggregated discovery (apidiscovery.k8s.io v2 and v2beta1): /api and
//    /apis answered with an APIGroupDiscoveryList when the client's Accept
//    header offers it;
//  - legacy discovery: /api (APIVersions), /apis (APIGroupList) and one
//    APIResourceList per group-version (/api/v1, /apis/apps/v1, ...).
#pragma once

#include <optional>
#include <string>

#include "engine/core/json.h"

namespace kf::serve {

// Which aggregated discovery version an Accept header offers: "v2",
// "v2beta1" (only when v2 is not offered), or "" (legacy discovery).
std::string AggregatedDiscoveryVersion(const std::string& accept);
// The Content-Type of an aggregated discovery reply of that version.
std::string AggregatedDiscoveryContentType(const std::string& version);

// /api (core = true) or /apis as an APIGroupDiscoveryList of `version`.
Json AggregatedDiscovery(bool core, const std::string& version);
// Legacy /api: {"kind":"APIVersions","versions":["v1"],...}.
Json LegacyApiVersions(const std::string& server_address);
// Legacy /apis: {"kind":"APIGroupList","groups":[...]}.
Json LegacyApiGroupList();
// /api/v1 or /apis/GROUP/VERSION as an APIResourceList; nullopt when no such
// group-version is served.
std::optional<Json> ApiResourceList(const std::string& group, const std::string& version);

// /version: a Kubernetes 1.32 server (the gcloud kubectl dispatcher picks the
// kubectl minor from it).
Json VersionInfo();

}  // namespace kf::serve
