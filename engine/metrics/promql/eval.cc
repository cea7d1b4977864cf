#include "engine/metrics/promql/eval.h"

#include <algorithm>

#include "engine/metrics/promql/aggregate.h"
#include "engine/metrics/promql/binop.h"
#include "engine/metrics/promql/functions.h"
#include "engine/metrics/promql/matrix_builder.h"

namespace kf::promql {

namespace {

// First multiple of `step` at or after `t` (Go's integer division rounds
// toward zero, as C++'s does; Prometheus aligns subquery steps this way).
UnixMillis AlignUp(UnixMillis t, DurationMs step) {
  UnixMillis a = step * (t / step);
  if (a < t) a += step;
  return a;
}

}  // namespace

Status CheckNoDuplicateLabelsets(const Vector& v) {
  if (v.size() < 2) return Status::Ok();
  std::unordered_map<size_t, std::vector<size_t>> seen;
  seen.reserve(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    auto& bucket = seen[HashLabels(*v[i].metric)];
    for (size_t j : bucket) {
      if (*v[j].metric == *v[i].metric) {
        return InvalidArgument("vector cannot contain metrics with the same labelset");
      }
    }
    bucket.push_back(i);
  }
  return Status::Ok();
}

Evaluator::Evaluator(const SeriesStore* store, EvalOptions options)
    : store_(store), options_(options) {}

Result<Value> Evaluator::Eval(const Expr& e, UnixMillis t) {
  KF_ASSIGN_OR_RETURN(Value v, EvalNode(e, t));
  if (auto* vec = std::get_if<Vector>(&v)) {
    switch (e.kind) {
      case ExprKind::kVectorSelector:
      case ExprKind::kParen:
        break;
      case ExprKind::kUnary:
        if (!e.negate) break;
        [[fallthrough]];
      default:
        for (auto& s : *vec) s.t = t;
        KF_RETURN_IF_ERROR(CheckNoDuplicateLabelsets(*vec));
    }
  }
  return v;
}

Result<Vector> Evaluator::EvalVector(const Expr& e, UnixMillis t) {
  KF_ASSIGN_OR_RETURN(Value v, Eval(e, t));
  if (auto* vec = std::get_if<Vector>(&v)) return std::move(*vec);
  return Internal("expected an instant vector");
}

Result<double> Evaluator::EvalScalar(const Expr& e, UnixMillis t) {
  KF_ASSIGN_OR_RETURN(Value v, Eval(e, t));
  if (auto* s = std::get_if<Scalar>(&v)) return s->v;
  return Internal("expected a scalar");
}

Result<std::string> Evaluator::EvalString(const Expr& e, UnixMillis t) {
  KF_ASSIGN_OR_RETURN(Value v, Eval(e, t));
  if (auto* s = std::get_if<StringValue>(&v)) return s->s;
  return Internal("expected a string");
}

LabelsPtr Evaluator::DropName(const LabelsPtr& l) {
  auto it = dropped_.find(l.get());
  if (it != dropped_.end()) return it->second.second;
  LabelsPtr d = DropMetricName(l);
  dropped_.emplace(l.get(), std::make_pair(l, d));
  return d;
}

UnixMillis Evaluator::RefTime(const Expr& node, UnixMillis t) const {
  UnixMillis base = t;
  if (node.at) {
    switch (node.at->kind) {
      case AtModifier::Kind::kTimestamp: base = node.at->ms; break;
      case AtModifier::Kind::kStart: base = options_.query_start; break;
      case AtModifier::Kind::kEnd: base = options_.query_end; break;
    }
  }
  return base - node.offset;
}

const std::vector<const Series*>& Evaluator::Select(const Expr& vs) {
  auto it = selected_.find(&vs);
  if (it != selected_.end()) return it->second;
  std::vector<const Series*> out;
  for (const Series* s : store_->SeriesNamed(vs.metric_name)) {
    bool ok = true;
    for (const Matcher& m : vs.matchers) {
      if (!m.Matches(GetLabel(s->labels, m.name))) {
        ok = false;
        break;
      }
    }
    if (ok) out.push_back(s);
  }
  return selected_.emplace(&vs, std::move(out)).first->second;
}

Vector Evaluator::EvalVectorSelector(const Expr& vs, UnixMillis t) {
  UnixMillis ref = RefTime(vs, t);
  Vector out;
  for (const Series* s : Select(vs)) {
    size_t i = s->samples.UpperBound(ref);
    if (i == 0) continue;
    const Sample& smp = s->samples[i - 1];
    if (smp.t < ref - options_.lookback_delta || IsStaleNaN(smp.v)) continue;
    out.push_back(VecSample{BorrowLabels(s->labels), smp.v, smp.t});
  }
  return out;
}

Result<Matrix> Evaluator::EvalSubqueryMatrix(const Expr& sq, UnixMillis t, UnixMillis* ref_out) {
  UnixMillis ref = RefTime(sq, t);
  *ref_out = ref;
  DurationMs step = sq.step > 0 ? sq.step : options_.default_subquery_step;
  MatrixBuilder builder;
  for (UnixMillis ts = AlignUp(ref - sq.range, step); ts <= ref; ts += step) {
    KF_ASSIGN_OR_RETURN(Vector v, EvalVector(*sq.lhs, ts));
    for (const auto& s : v) builder.Add(s.metric, ts, s.v);
  }
  return builder.Take();
}

Result<RangeArg> Evaluator::EvalRange(const Expr& e, UnixMillis t) {
  const Expr* u = Unparen(&e);
  RangeArg arg;
  arg.range = u->range;
  if (u->kind == ExprKind::kSubquery) {
    UnixMillis ref = 0;
    KF_ASSIGN_OR_RETURN(arg.series, EvalSubqueryMatrix(*u, t, &ref));
    arg.range_end = ref;
    arg.range_start = ref - u->range;
    return arg;
  }
  if (u->kind != ExprKind::kMatrixSelector) return Internal("expected a range vector");
  const Expr& vs = *u->lhs;
  UnixMillis ref = RefTime(vs, t);
  arg.range_end = ref;
  arg.range_start = ref - u->range;
  for (const Series* s : Select(vs)) {
    size_t lo = s->samples.LowerBound(arg.range_start);
    size_t hi = s->samples.UpperBound(ref);
    if (lo >= hi) continue;
    MatSeries ms{BorrowLabels(s->labels), {}};
    ms.points.reserve(hi - lo);
    for (size_t i = lo; i < hi; ++i) {
      const Sample& smp = s->samples[i];
      if (!IsStaleNaN(smp.v)) ms.points.push_back(Point{smp.t, smp.v});
    }
    if (!ms.points.empty()) arg.series.push_back(std::move(ms));
  }
  return arg;
}

Result<Value> Evaluator::EvalNode(const Expr& e, UnixMillis t) {
  switch (e.kind) {
    case ExprKind::kNumber:
      return Value(Scalar{e.number});
    case ExprKind::kString:
      return Value(StringValue{e.str});
    case ExprKind::kVectorSelector:
      return Value(EvalVectorSelector(e, t));
    case ExprKind::kMatrixSelector:
    case ExprKind::kSubquery: {
      KF_ASSIGN_OR_RETURN(RangeArg arg, EvalRange(e, t));
      return Value(std::move(arg.series));
    }
    case ExprKind::kParen:
      return Eval(*e.lhs, t);
    case ExprKind::kUnary:
      return EvalUnary(e, t);
    case ExprKind::kBinary:
      return EvalBinary(e, t);
    case ExprKind::kAggregate:
      return EvalAggregate(e, t);
    case ExprKind::kCall:
      return EvalCall(*this, e, t);
  }
  return Internal("unknown expression kind");
}

Result<Value> Evaluator::EvalUnary(const Expr& e, UnixMillis t) {
  KF_ASSIGN_OR_RETURN(Value v, Eval(*e.lhs, t));
  if (!e.negate) return v;
  if (auto* s = std::get_if<Scalar>(&v)) {
    s->v = -s->v;
    return v;
  }
  auto& vec = std::get<Vector>(v);
  for (auto& s : vec) {
    s.v = -s.v;
    s.metric = DropName(s.metric);
  }
  return v;
}

Result<Value> Evaluator::EvalBinary(const Expr& e, UnixMillis t) {
  KF_ASSIGN_OR_RETURN(Value lhs, Eval(*e.lhs, t));
  KF_ASSIGN_OR_RETURN(Value rhs, Eval(*e.rhs, t));
  return ApplyBinary(e, std::move(lhs), std::move(rhs));
}

Result<Value> Evaluator::EvalAggregate(const Expr& e, UnixMillis t) {
  AggregateParam param;
  if (e.param) {
    KF_ASSIGN_OR_RETURN(Value p, Eval(*e.param, t));
    if (auto* s = std::get_if<Scalar>(&p)) param.number = s->v;
    if (auto* s = std::get_if<StringValue>(&p)) param.str = s->s;
  }
  KF_ASSIGN_OR_RETURN(Vector in, EvalVector(*e.lhs, t));
  KF_ASSIGN_OR_RETURN(Vector out, Aggregate(e, in, param));
  return Value(std::move(out));
}

}  // namespace kf::promql
