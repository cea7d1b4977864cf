#include "engine/metrics/promql/functions.h"

#include <algorithm>
#include <cmath>

#include "engine/metrics/promql/aggregate.h"
#include "engine/metrics/promql/function_table.h"
#include "engine/metrics/promql/histogram.h"
#include "engine/metrics/promql/range_functions.h"
#include "engine/metrics/promql/regex.h"

namespace kf::promql {

namespace {

constexpr double kPi = 3.14159265358979323846;

// The labels absent() and absent_over_time() give: the equality matchers of
// a selector argument, except __name__ and labels matched more than once.
LabelsPtr AbsentLabels(const Expr& arg) {
  const Expr* u = Unparen(&arg);
  if (u->kind == ExprKind::kMatrixSelector) u = u->lhs.get();
  if (u->kind != ExprKind::kVectorSelector) return EmptyLabels();
  Labels out;
  std::vector<std::string> drop;
  for (const Matcher& m : u->matchers) {
    if (m.name == kMetricName) continue;
    if (m.op == Matcher::Op::kEq && !out.count(m.name)) {
      out[m.name] = m.value;
    } else {
      drop.push_back(m.name);
    }
  }
  for (const auto& d : drop) out.erase(d);
  return MakeLabels(std::move(out));
}

bool SimpleMath(FuncId id, double v, double* out) {
  switch (id) {
    case FuncId::kAbs: *out = std::fabs(v); return true;
    case FuncId::kCeil: *out = std::ceil(v); return true;
    case FuncId::kFloor: *out = std::floor(v); return true;
    case FuncId::kExp: *out = std::exp(v); return true;
    case FuncId::kSqrt: *out = std::sqrt(v); return true;
    case FuncId::kLn: *out = std::log(v); return true;
    case FuncId::kLog2: *out = std::log2(v); return true;
    case FuncId::kLog10: *out = std::log10(v); return true;
    case FuncId::kSin: *out = std::sin(v); return true;
    case FuncId::kCos: *out = std::cos(v); return true;
    case FuncId::kTan: *out = std::tan(v); return true;
    case FuncId::kAsin: *out = std::asin(v); return true;
    case FuncId::kAcos: *out = std::acos(v); return true;
    case FuncId::kAtan: *out = std::atan(v); return true;
    case FuncId::kSinh: *out = std::sinh(v); return true;
    case FuncId::kCosh: *out = std::cosh(v); return true;
    case FuncId::kTanh: *out = std::tanh(v); return true;
    case FuncId::kAsinh: *out = std::asinh(v); return true;
    case FuncId::kAcosh: *out = std::acosh(v); return true;
    case FuncId::kAtanh: *out = std::atanh(v); return true;
    case FuncId::kDeg: *out = v * 180 / kPi; return true;
    case FuncId::kRad: *out = v * kPi / 180; return true;
    case FuncId::kSgn: *out = v > 0 ? 1 : (v < 0 ? -1 : v); return true;
    default: return false;
  }
}

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

double DatePart(FuncId id, double v) {
  if (!std::isfinite(v) || std::fabs(v) > 1e17) return NAN;
  int64_t secs = static_cast<int64_t>(v);
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t sod = secs - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  switch (id) {
    case FuncId::kYear: return static_cast<double>(y);
    case FuncId::kMonth: return m;
    case FuncId::kDayOfMonth: return d;
    case FuncId::kDayOfWeek: return static_cast<double>(((days % 7) + 11) % 7);
    case FuncId::kDayOfYear: {
      int doy = static_cast<int>(d);
      for (unsigned i = 1; i < m; ++i) doy += kDays[i - 1] + (i == 2 && IsLeap(y) ? 1 : 0);
      return doy;
    }
    case FuncId::kDaysInMonth: return kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
    case FuncId::kHour: return static_cast<double>(sod / 3600);
    case FuncId::kMinute: return static_cast<double>((sod % 3600) / 60);
    default: return NAN;
  }
}

bool IsDateFunction(FuncId id) {
  switch (id) {
    case FuncId::kYear:
    case FuncId::kMonth:
    case FuncId::kDayOfMonth:
    case FuncId::kDayOfWeek:
    case FuncId::kDayOfYear:
    case FuncId::kDaysInMonth:
    case FuncId::kHour:
    case FuncId::kMinute:
      return true;
    default:
      return false;
  }
}

Result<Value> EvalRangeCall(Evaluator& ev, const Expr& e, UnixMillis t) {
  FuncId id = e.func->id;
  size_t matrix_idx = 0;
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (e.args[i]->type == ValueType::kMatrix) matrix_idx = i;
  }
  RangeCall call{id, t, 0, 0, 0};
  std::vector<double> scalars;
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (i == matrix_idx) continue;
    KF_ASSIGN_OR_RETURN(double s, ev.EvalScalar(*e.args[i], t));
    scalars.push_back(s);
  }
  if (!scalars.empty()) call.arg0 = scalars[0];
  if (scalars.size() > 1) call.arg1 = scalars[1];
  KF_ASSIGN_OR_RETURN(RangeArg arg, ev.EvalRange(*e.args[matrix_idx], t));
  call.range_start = arg.range_start;
  call.range_end = arg.range_end;
  call.range = arg.range;
  Vector out;
  if (id == FuncId::kAbsentOverTime) {
    if (arg.series.empty()) out.push_back(VecSample{AbsentLabels(*e.args[0]), 1, t});
    return Value(std::move(out));
  }
  out.reserve(arg.series.size());
  for (const MatSeries& s : arg.series) {
    KF_ASSIGN_OR_RETURN(std::optional<double> v, ApplyRangeFunction(call, s.points));
    if (!v) continue;
    LabelsPtr metric = id == FuncId::kLastOverTime ? s.metric : ev.DropName(s.metric);
    out.push_back(VecSample{std::move(metric), *v, t});
  }
  return Value(std::move(out));
}

Result<Vector> LabelReplace(Evaluator& ev, const Expr& e, UnixMillis t) {
  KF_ASSIGN_OR_RETURN(Vector in, ev.EvalVector(*e.args[0], t));
  KF_ASSIGN_OR_RETURN(std::string dst, ev.EvalString(*e.args[1], t));
  KF_ASSIGN_OR_RETURN(std::string repl, ev.EvalString(*e.args[2], t));
  KF_ASSIGN_OR_RETURN(std::string src, ev.EvalString(*e.args[3], t));
  KF_ASSIGN_OR_RETURN(std::string pattern, ev.EvalString(*e.args[4], t));
  auto re = CompileRegex(pattern);
  if (!re.ok()) {
    if (re.status().code() != StatusCode::kInvalidArgument) return re.status();
    return InvalidArgument("invalid regular expression in label_replace(): " + pattern);
  }
  if (!IsValidLabelName(dst)) {
    return InvalidArgument("invalid destination label name in label_replace(): " + dst);
  }
  std::vector<std::string> groups;
  for (auto& s : in) {
    if (!RegexFullMatch(**re, GetLabel(*s.metric, src), &groups)) continue;
    std::string res = RegexExpand(**re, repl, groups);
    Labels l = *s.metric;
    l.erase(dst);
    if (!res.empty()) l[dst] = res;
    s.metric = MakeLabels(std::move(l));
  }
  return in;
}

Result<Vector> LabelJoin(Evaluator& ev, const Expr& e, UnixMillis t) {
  KF_ASSIGN_OR_RETURN(Vector in, ev.EvalVector(*e.args[0], t));
  KF_ASSIGN_OR_RETURN(std::string dst, ev.EvalString(*e.args[1], t));
  KF_ASSIGN_OR_RETURN(std::string sep, ev.EvalString(*e.args[2], t));
  std::vector<std::string> srcs;
  for (size_t i = 3; i < e.args.size(); ++i) {
    KF_ASSIGN_OR_RETURN(std::string src, ev.EvalString(*e.args[i], t));
    if (!IsValidLabelName(src)) {
      return InvalidArgument("invalid source label name in label_join(): " + src);
    }
    srcs.push_back(src);
  }
  if (!IsValidLabelName(dst)) {
    return InvalidArgument("invalid destination label name in label_join(): " + dst);
  }
  for (auto& s : in) {
    std::string joined;
    for (size_t i = 0; i < srcs.size(); ++i) {
      if (i > 0) joined += sep;
      joined += GetLabel(*s.metric, srcs[i]);
    }
    Labels l = *s.metric;
    l.erase(dst);
    if (!joined.empty()) l[dst] = joined;
    s.metric = MakeLabels(std::move(l));
  }
  return in;
}

void SortVector(Vector* v, bool desc) {
  std::stable_sort(v->begin(), v->end(), [desc](const VecSample& a, const VecSample& b) {
    if (std::isnan(a.v)) return false;
    if (std::isnan(b.v)) return true;
    return desc ? a.v > b.v : a.v < b.v;
  });
}

}  // namespace

Result<Value> EvalCall(Evaluator& ev, const Expr& e, UnixMillis t) {
  FuncId id = e.func->id;
  if (IsRangeFunction(id) || id == FuncId::kAbsentOverTime) return EvalRangeCall(ev, e, t);
  switch (id) {
    case FuncId::kTime:
      return Value(Scalar{static_cast<double>(t) / 1000});
    case FuncId::kPi:
      return Value(Scalar{kPi});
    case FuncId::kVector: {
      KF_ASSIGN_OR_RETURN(double s, ev.EvalScalar(*e.args[0], t));
      return Value(Vector{VecSample{EmptyLabels(), s, t}});
    }
    case FuncId::kScalar: {
      KF_ASSIGN_OR_RETURN(Vector v, ev.EvalVector(*e.args[0], t));
      return Value(Scalar{v.size() == 1 ? v[0].v : NAN});
    }
    case FuncId::kAbsent: {
      KF_ASSIGN_OR_RETURN(Vector v, ev.EvalVector(*e.args[0], t));
      Vector out;
      if (v.empty()) out.push_back(VecSample{AbsentLabels(*e.args[0]), 1, t});
      return Value(std::move(out));
    }
    case FuncId::kTimestamp: {
      KF_ASSIGN_OR_RETURN(Vector v, ev.EvalVector(*e.args[0], t));
      for (auto& s : v) {
        s.v = static_cast<double>(s.t) / 1000;
        s.metric = ev.DropName(s.metric);
      }
      return Value(std::move(v));
    }
    case FuncId::kLabelReplace: {
      KF_ASSIGN_OR_RETURN(Vector v, LabelReplace(ev, e, t));
      return Value(std::move(v));
    }
    case FuncId::kLabelJoin: {
      KF_ASSIGN_OR_RETURN(Vector v, LabelJoin(ev, e, t));
      return Value(std::move(v));
    }
    case FuncId::kSort:
    case FuncId::kSortDesc: {
      KF_ASSIGN_OR_RETURN(Vector v, ev.EvalVector(*e.args[0], t));
      SortVector(&v, id == FuncId::kSortDesc);
      return Value(std::move(v));
    }
    case FuncId::kHistogramQuantile: {
      KF_ASSIGN_OR_RETURN(double q, ev.EvalScalar(*e.args[0], t));
      KF_ASSIGN_OR_RETURN(Vector v, ev.EvalVector(*e.args[1], t));
      return Value(HistogramQuantile(q, v));
    }
    case FuncId::kHistogramCount:
    case FuncId::kHistogramSum:
    case FuncId::kHistogramFraction: {
      // These act on native histograms only; float samples give nothing.
      for (const auto& a : e.args) {
        KF_ASSIGN_OR_RETURN(Value ignored, ev.Eval(*a, t));
        (void)ignored;
      }
      return Value(Vector{});
    }
    case FuncId::kClamp:
    case FuncId::kClampMax:
    case FuncId::kClampMin: {
      KF_ASSIGN_OR_RETURN(Vector v, ev.EvalVector(*e.args[0], t));
      double lo = -HUGE_VAL, hi = HUGE_VAL;
      if (id == FuncId::kClamp) {
        KF_ASSIGN_OR_RETURN(lo, ev.EvalScalar(*e.args[1], t));
        KF_ASSIGN_OR_RETURN(hi, ev.EvalScalar(*e.args[2], t));
        if (hi < lo) return Value(Vector{});
      } else if (id == FuncId::kClampMax) {
        KF_ASSIGN_OR_RETURN(hi, ev.EvalScalar(*e.args[1], t));
      } else {
        KF_ASSIGN_OR_RETURN(lo, ev.EvalScalar(*e.args[1], t));
      }
      for (auto& s : v) {
        if (id == FuncId::kClamp) {
          s.v = GoMax(lo, GoMin(hi, s.v));
        } else if (id == FuncId::kClampMax) {
          s.v = GoMin(s.v, hi);
        } else {
          s.v = GoMax(s.v, lo);
        }
        s.metric = ev.DropName(s.metric);
      }
      return Value(std::move(v));
    }
    case FuncId::kRound: {
      KF_ASSIGN_OR_RETURN(Vector v, ev.EvalVector(*e.args[0], t));
      double to_nearest = 1;
      if (e.args.size() > 1) {
        KF_ASSIGN_OR_RETURN(to_nearest, ev.EvalScalar(*e.args[1], t));
      }
      double inverse = 1.0 / to_nearest;
      for (auto& s : v) {
        s.v = std::floor(s.v * inverse + 0.5) / inverse;
        s.metric = ev.DropName(s.metric);
      }
      return Value(std::move(v));
    }
    default:
      break;
  }
  if (IsDateFunction(id)) {
    Vector v;
    if (e.args.empty()) {
      v.push_back(VecSample{EmptyLabels(), static_cast<double>(t) / 1000, t});
    } else {
      KF_ASSIGN_OR_RETURN(v, ev.EvalVector(*e.args[0], t));
    }
    for (auto& s : v) {
      s.v = DatePart(id, s.v);
      s.metric = ev.DropName(s.metric);
    }
    return Value(std::move(v));
  }
  KF_ASSIGN_OR_RETURN(Vector v, ev.EvalVector(*e.args[0], t));
  for (auto& s : v) {
    double out;
    if (!SimpleMath(id, s.v, &out)) {
      return Unimplemented("function \"" + e.func->name + "\" is not supported");
    }
    s.v = out;
    s.metric = ev.DropName(s.metric);
  }
  return Value(std::move(v));
}

}  // namespace kf::promql
