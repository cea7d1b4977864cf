// Whole queries: parse, evaluate at one instant or over a range of steps,
// and render results in the Prometheus HTTP API's "data" shape.
#pragma once

#include <string>

#include "engine/core/json.h"
#include "engine/core/status.h"
#include "engine/metrics/promql/ast.h"
#include "engine/metrics/promql/eval.h"
#include "engine/metrics/promql/value.h"
#include "engine/metrics/series_store.h"

namespace kf::promql {

// Evaluates `e` at `t` (start() and end() are both `t`). Vector results carry
// t as every element's time.
Result<Value> EvalInstant(const SeriesStore& store, const Expr& e, UnixMillis t,
                          DurationMs lookback_delta);

// Evaluates `e` at start, start+step, ... <= end. The result is a matrix
// sorted by labels (a scalar expression gives one series with no labels).
// REQUIRES: e's type is scalar or instant vector; step > 0; end >= start.
Result<Matrix> EvalRange(const SeriesStore& store, const Expr& e, UnixMillis start,
                         UnixMillis end, DurationMs step, DurationMs lookback_delta);

// {"resultType": ..., "result": ...} for an instant query evaluated at t.
Json InstantResultJson(const Value& v, UnixMillis t);
// {"resultType": "matrix", "result": ...}.
Json MatrixResultJson(const Matrix& m);

}  // namespace kf::promql
