// Diagnosis: the root cause of the run's last assessment against the
// scenario's expected one, as structured fields: the category must be the
// expected one and the object (kind/name, namespace) the expected object.
// The expected keywords found in the assessment's text are reported, not
// scored: free text alone never makes a diagnosis right.
// With expected category "none", a run that assessed nothing (or assessed
// "none") passes.
#pragma once

#include "engine/agent/transcript.h"
#include "engine/eval/score.h"
#include "engine/scenario/scenario.h"

namespace kf::eval {

Dimension ScoreDiagnosis(const RootCause& expected, const agent::Transcript& transcript);

}  // namespace kf::eval
