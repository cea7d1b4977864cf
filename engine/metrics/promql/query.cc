#include "engine/metrics/promql/query.h"

#include <algorithm>

#include "engine/metrics/promql/matrix_builder.h"
#include "engine/metrics/promql/value_format.h"

namespace kf::promql {

Result<Value> EvalInstant(const SeriesStore& store, const Expr& e, UnixMillis t,
                          DurationMs lookback_delta) {
  EvalOptions opts;
  opts.lookback_delta = lookback_delta;
  opts.query_start = t;
  opts.query_end = t;
  Evaluator ev(&store, opts);
  KF_ASSIGN_OR_RETURN(Value v, ev.Eval(e, t));
  if (auto* vec = std::get_if<Vector>(&v)) {
    for (auto& s : *vec) s.t = t;
  }
  return v;
}

Result<Matrix> EvalRange(const SeriesStore& store, const Expr& e, UnixMillis start,
                         UnixMillis end, DurationMs step, DurationMs lookback_delta) {
  EvalOptions opts;
  opts.lookback_delta = lookback_delta;
  opts.query_start = start;
  opts.query_end = end;
  Evaluator ev(&store, opts);
  MatrixBuilder builder;
  for (UnixMillis t = start; t <= end; t += step) {
    KF_ASSIGN_OR_RETURN(Value v, ev.Eval(e, t));
    if (auto* s = std::get_if<Scalar>(&v)) {
      builder.Add(EmptyLabels(), t, s->v);
    } else if (auto* vec = std::get_if<Vector>(&v)) {
      for (const auto& smp : *vec) builder.Add(smp.metric, t, smp.v);
    } else {
      return InvalidArgument("invalid expression type for range query, must be Scalar or instant Vector");
    }
  }
  Matrix m = builder.Take();
  std::sort(m.begin(), m.end(),
            [](const MatSeries& a, const MatSeries& b) { return *a.metric < *b.metric; });
  return m;
}

namespace {

Json MetricJson(const Labels& l) {
  Json j = Json::object();
  for (const auto& [k, v] : l) j[k] = v;
  return j;
}

Json PointJson(UnixMillis t, const std::string& v) {
  Json p = Json::array();
  p.push_back(TimestampJson(t));
  p.push_back(v);
  return p;
}

Json MatrixJson(const Matrix& m) {
  Json result = Json::array();
  for (const auto& s : m) {
    Json values = Json::array();
    for (const auto& p : s.points) values.push_back(PointJson(p.t, FormatValue(p.v)));
    result.push_back(Json{{"metric", MetricJson(*s.metric)}, {"values", std::move(values)}});
  }
  return result;
}

}  // namespace

Json InstantResultJson(const Value& v, UnixMillis t) {
  if (auto* s = std::get_if<Scalar>(&v)) {
    return Json{{"resultType", "scalar"}, {"result", PointJson(t, FormatValue(s->v))}};
  }
  if (auto* s = std::get_if<StringValue>(&v)) {
    return Json{{"resultType", "string"}, {"result", PointJson(t, s->s)}};
  }
  if (auto* vec = std::get_if<Vector>(&v)) {
    Json result = Json::array();
    for (const auto& smp : *vec) {
      result.push_back(
          Json{{"metric", MetricJson(*smp.metric)}, {"value", PointJson(t, FormatValue(smp.v))}});
    }
    return Json{{"resultType", "vector"}, {"result", std::move(result)}};
  }
  return MatrixResultJson(std::get<Matrix>(v));
}

Json MatrixResultJson(const Matrix& m) {
  return Json{{"resultType", "matrix"}, {"result", MatrixJson(m)}};
}

}  // namespace kf::promql
