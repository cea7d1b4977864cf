// Functions over range vectors: rate and friends, the *_over_time family,
// deriv, predict_linear, holt_winters, resets, changes.
#pragma once

#include <optional>
#include <vector>

#include "engine/core/status.h"
#include "engine/metrics/promql/function_table.h"
#include "engine/metrics/promql/value.h"

namespace kf::promql {

struct RangeCall {
  FuncId id;
  UnixMillis eval_time;    // The evaluation time (predict_linear's origin).
  UnixMillis range_start;  // The selected window.
  UnixMillis range_end;
  DurationMs range;
  double arg0 = 0;  // quantile_over_time's q, predict_linear's t, holt_winters' sf
  double arg1 = 0;  // holt_winters' tf
};

// True for functions this file implements (absent_over_time excepted: it
// looks at all series at once and is done by the caller).
bool IsRangeFunction(FuncId id);

// The function's value for one series' points (time-ordered, non-empty);
// nullopt when it yields no sample (e.g. rate over fewer than two points).
// Errors: holt_winters with factors outside (0, 1).
Result<std::optional<double>> ApplyRangeFunction(const RangeCall& call,
                                                 const std::vector<Point>& points);

}  // namespace kf::promql
