// REST paths of the Kubernetes API for the kinds the engine knows
// (engine/sim/kinds.h): core kinds under /api/v1, others under
// /apis/GROUP/VERSION; namespaced kinds under /namespaces/NS unless listing
// every namespace.
#pragma once

#include <string>
#include <string_view>

#include "engine/core/status.h"
#include "engine/sim/kinds.h"

namespace kf::kube {

// InvalidArgument `the server doesn't have a resource type "Widget"` when
// the kind is unknown.
Result<const KindInfo*> LookupKind(const std::string& kind);

// "/apis/apps/v1/namespaces/production/deployments/payment-service[/scale]";
// an empty name gives the collection; an empty ns the cluster-wide
// collection (or a cluster-scoped kind).
std::string ResourcePath(const KindInfo& kind, const std::string& ns, const std::string& name = "",
                         const std::string& subresource = "");

// Percent-encodes a query value (RFC 3986 unreserved characters are kept).
std::string QueryEscape(std::string_view value);

}  // namespace kf::kube
