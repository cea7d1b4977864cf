// The scenario behind a recorded run: its content hash when recording, and
// finding it again (by name, checked against the hash) to rebuild the
// simulated cluster for resume, what-if and --tools=simulate.
#pragma once

#include <string>

#include "engine/core/status.h"
#include "recorder/types.h"

namespace kf::replay {

// Hex SHA-256 of the file's bytes. NotFound: "cannot open scenario x.yaml".
Result<std::string> ScenarioFileHash(const std::string& path);

// The scenario file of a recorded simulated run: `path` when given, else the
// name looked up as the CLI does (scenarios/NAME.yaml or $KUBEFLIGHT_SCENARIOS,
// through `resolve`). FailedPrecondition when its content hash differs from
// the recorded one: "scenario payment-service-oom changed since run r1 was
// recorded (hash 1a2b… now 3c4d…)".
Result<std::string> FindRecordedScenario(const recorder::RunRecord& run, const std::string& path,
                                         std::string (*resolve)(const std::string&));

}  // namespace kf::replay
