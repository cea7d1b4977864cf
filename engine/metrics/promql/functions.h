// Function calls: evaluates a kCall node's arguments and applies the
// function (Prometheus v2.42 semantics).
#pragma once

#include "engine/core/status.h"
#include "engine/metrics/promql/eval.h"

namespace kf::promql {

// REQUIRES: e.kind == kCall.
Result<Value> EvalCall(Evaluator& ev, const Expr& e, UnixMillis t);

}  // namespace kf::promql
