#include "engine/metrics/promql_engine.h"

#include "engine/core/strings.h"
#include "engine/metrics/promql/parser.h"
#include "engine/metrics/promql/query.h"

namespace kf {

PromqlEngine::PromqlEngine(const SeriesStore* store, PromqlOptions options)
    : store_(store), options_(options) {}

PromqlEngine::~PromqlEngine() = default;

Result<Json> PromqlEngine::Query(const std::string& promql, UnixMillis at) {
  KF_ASSIGN_OR_RETURN(promql::ExprPtr expr, promql::ParseExpr(promql));
  KF_ASSIGN_OR_RETURN(promql::Value v,
                      promql::EvalInstant(*store_, *expr, at, options_.lookback_delta));
  return promql::InstantResultJson(v, at);
}

Result<Json> PromqlEngine::QueryRange(const std::string& promql, UnixMillis start,
                                      UnixMillis end, DurationMs step) {
  if (end < start) return InvalidArgument("end timestamp must not be before start time");
  if (step <= 0) {
    return InvalidArgument(
        "zero or negative query resolution step widths are not accepted. Try a positive integer");
  }
  if ((end - start) / step > options_.max_points_per_series) {
    return InvalidArgument("exceeded maximum resolution of " +
                           WithThousands(options_.max_points_per_series) +
                           " points per timeseries. Try decreasing the query resolution "
                           "(?step=XX)");
  }
  KF_ASSIGN_OR_RETURN(promql::ExprPtr expr, promql::ParseExpr(promql));
  if (expr->type != promql::ValueType::kScalar && expr->type != promql::ValueType::kVector) {
    return InvalidArgument(std::string("invalid expression type \"") +
                           promql::ValueTypeName(expr->type) +
                           "\" for range query, must be Scalar or instant Vector");
  }
  KF_ASSIGN_OR_RETURN(promql::Matrix m, promql::EvalRange(*store_, *expr, start, end, step,
                                                          options_.lookback_delta));
  return promql::MatrixResultJson(m);
}

}  // namespace kf
