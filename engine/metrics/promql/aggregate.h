// Aggregation operators (sum, avg, count, min, max, group, stddev, stdvar,
// topk, bottomk, quantile, count_values) with by/without.
#pragma once

#include <string>

#include "engine/core/status.h"
#include "engine/metrics/promql/ast.h"
#include "engine/metrics/promql/value.h"

namespace kf::promql {

struct AggregateParam {
  double number = 0;  // topk/bottomk k, quantile q
  std::string str;    // count_values label name
};

// REQUIRES: e.kind == kAggregate. Groups appear in first-seen order.
Result<Vector> Aggregate(const Expr& e, const Vector& in, const AggregateParam& param);

// Prometheus's quantile over values (linear interpolation between ranks;
// NaN sorts first). q < 0 gives -Inf, q > 1 +Inf, no values NaN.
double Quantile(double q, std::vector<double> values);

// Go's math.Max / math.Min (NaN wins).
double GoMax(double a, double b);
double GoMin(double a, double b);

}  // namespace kf::promql
