// The PromQL evaluator: evaluates a parsed expression at one instant over a
// SeriesStore. Range queries and subqueries evaluate the expression once
// per step. One Evaluator serves one query; it caches selector matches,
// so the store must not change while it lives. Not thread-safe.
#pragma once

#include <unordered_map>

#include "engine/core/status.h"
#include "engine/metrics/promql/ast.h"
#include "engine/metrics/promql/value.h"
#include "engine/metrics/series_store.h"

namespace kf::promql {

struct EvalOptions {
  DurationMs lookback_delta = 5 * 60 * 1000;
  // The query's start and end, for @ start() and @ end().
  UnixMillis query_start = 0;
  UnixMillis query_end = 0;
  // Step of a subquery written without one ([5m:]).
  DurationMs default_subquery_step = 60 * 1000;
};

// The samples a range-vector argument selects for one evaluation.
struct RangeArg {
  Matrix series;           // Stale markers removed; series without points dropped.
  UnixMillis range_start;  // Inclusive window [range_start, range_end].
  UnixMillis range_end;
  DurationMs range;
};

class Evaluator {
 public:
  Evaluator(const SeriesStore* store, EvalOptions options);

  // Evaluates `e` at time `t`. Errors: InvalidArgument for query-time errors
  // Prometheus reports (duplicate label sets, bad regex in label_replace,
  // many-to-many matching), Unimplemented for unsupported features.
  Result<Value> Eval(const Expr& e, UnixMillis t);

  // Helpers for function and operator implementations.
  Result<Vector> EvalVector(const Expr& e, UnixMillis t);
  Result<double> EvalScalar(const Expr& e, UnixMillis t);
  Result<std::string> EvalString(const Expr& e, UnixMillis t);
  // REQUIRES: Unparen(&e) is a matrix selector or a subquery.
  Result<RangeArg> EvalRange(const Expr& e, UnixMillis t);

  const EvalOptions& options() const { return options_; }

  // DropMetricName, memoized per label set for the life of the query.
  LabelsPtr DropName(const LabelsPtr& l);

 private:
  Result<Value> EvalNode(const Expr& e, UnixMillis t);
  Vector EvalVectorSelector(const Expr& vs, UnixMillis t);
  Result<Matrix> EvalSubqueryMatrix(const Expr& sq, UnixMillis t, UnixMillis* ref);
  Result<Value> EvalUnary(const Expr& e, UnixMillis t);
  Result<Value> EvalBinary(const Expr& e, UnixMillis t);
  Result<Value> EvalAggregate(const Expr& e, UnixMillis t);
  // The reference time of a selector or subquery evaluated at `t`.
  UnixMillis RefTime(const Expr& node, UnixMillis t) const;
  const std::vector<const Series*>& Select(const Expr& vs);

  const SeriesStore* store_;
  EvalOptions options_;
  std::unordered_map<const Expr*, std::vector<const Series*>> selected_;
  // Keyed by the label set's address; the entry holds the original too, so
  // the address cannot be reused while cached.
  std::unordered_map<const Labels*, std::pair<LabelsPtr, LabelsPtr>> dropped_;
};

// InvalidArgument when two elements share a label set (Prometheus's
// "vector cannot contain metrics with the same labelset").
Status CheckNoDuplicateLabelsets(const Vector& v);

}  // namespace kf::promql
