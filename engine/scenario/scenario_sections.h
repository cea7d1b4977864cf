// The section parsers of the scenario loader (internal to engine/scenario).
// Each reads one top-level section of the document into `out`; errors are
// Fields::Error texts.
#pragma once

#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/scenario/scenario.h"
#include "engine/scenario/scenario_fields.h"

namespace kf::scenario_internal {

Status ReadObjects(const Fields& f, const Json& v, Scenario* out);
Status ReadHistory(const Fields& f, const Json& v, Scenario* out);
Status ReadKubelet(const Fields& f, const Json& v, KubeletSettings* out);
Status ReadWorkloads(const Fields& f, const Json& v, std::vector<WorkloadProfile>* out);
// Change times are offsets from alert_time.
Status ReadTraffic(const Fields& f, const Json& v, UnixMillis alert_time, std::vector<TrafficProfile>* out);
Status ReadPins(const Fields& f, const Json& v, ScenarioPins* out);
Status ReadExpectations(const Fields& f, const Json& v, Expectations* out);

// Checks a manifest: a mapping with apiVersion, a known kind and
// metadata.name. Fills metadata.namespace "default" for namespaced kinds
// that lack one.
Status CheckManifest(const Fields& f, const std::string& path, Json* manifest);

}  // namespace kf::scenario_internal
