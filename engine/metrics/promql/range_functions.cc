#include "engine/metrics/promql/range_functions.h"

#include <cmath>

#include "engine/metrics/promql/aggregate.h"
#include "engine/metrics/promql/value_format.h"

namespace kf::promql {

namespace {

using Opt = std::optional<double>;

// Kahan-Babuska (Neumaier) summation step, as Prometheus's kahanSumInc.
void KahanInc(double inc, double* sum, double* c) {
  double t = *sum + inc;
  if (std::fabs(*sum) >= std::fabs(inc)) {
    *c += (*sum - t) + inc;
  } else {
    *c += (inc - t) + *sum;
  }
  *sum = t;
}

// Prometheus's extrapolatedRate: rate (is_rate), increase, delta (!is_counter).
Opt ExtrapolatedRate(const RangeCall& c, const std::vector<Point>& p, bool is_counter,
                     bool is_rate) {
  if (p.size() < 2) return std::nullopt;
  double result = p.back().v - p.front().v;
  if (is_counter) {
    double last = 0;
    for (const Point& s : p) {
      if (s.v < last) result += last;
      last = s.v;
    }
  }
  double to_start = static_cast<double>(p.front().t - c.range_start) / 1000;
  double to_end = static_cast<double>(c.range_end - p.back().t) / 1000;
  double sampled = static_cast<double>(p.back().t - p.front().t) / 1000;
  double avg_between = sampled / static_cast<double>(p.size() - 1);
  if (is_counter && result > 0 && p.front().v >= 0) {
    double to_zero = sampled * (p.front().v / result);
    if (to_zero < to_start) to_start = to_zero;
  }
  double threshold = avg_between * 1.1;
  double interval = sampled;
  interval += to_start < threshold ? to_start : avg_between / 2;
  interval += to_end < threshold ? to_end : avg_between / 2;
  result = result * (interval / sampled);
  if (is_rate) result /= static_cast<double>(c.range) / 1000;
  return result;
}

Opt InstantValue(const std::vector<Point>& p, bool is_rate) {
  if (p.size() < 2) return std::nullopt;
  const Point& last = p[p.size() - 1];
  const Point& prev = p[p.size() - 2];
  double result = (is_rate && last.v < prev.v) ? last.v : last.v - prev.v;
  int64_t interval = last.t - prev.t;
  if (interval == 0) return std::nullopt;
  if (is_rate) result /= static_cast<double>(interval) / 1000;
  return result;
}

// Least-squares fit of the points with x relative to `intercept_time`.
void LinearRegression(const std::vector<Point>& p, UnixMillis intercept_time, double* slope,
                      double* intercept) {
  double n = 0, sx = 0, cx = 0, sy = 0, cy = 0, sxy = 0, cxy = 0, sx2 = 0, cx2 = 0;
  double init_y = p[0].v;
  bool const_y = true;
  for (size_t i = 0; i < p.size(); ++i) {
    if (const_y && i > 0 && p[i].v != init_y) const_y = false;
    n += 1;
    double x = static_cast<double>(p[i].t - intercept_time) / 1e3;
    KahanInc(x, &sx, &cx);
    KahanInc(p[i].v, &sy, &cy);
    KahanInc(x * p[i].v, &sxy, &cxy);
    KahanInc(x * x, &sx2, &cx2);
  }
  if (const_y) {
    if (std::isinf(init_y)) {
      *slope = NAN;
      *intercept = NAN;
    } else {
      *slope = 0;
      *intercept = init_y;
    }
    return;
  }
  sx += cx;
  sy += cy;
  sxy += cxy;
  sx2 += cx2;
  double cov_xy = sxy - sx * sy / n;
  double var_x = sx2 - sx * sx / n;
  *slope = cov_xy / var_x;
  *intercept = sy / n - *slope * sx / n;
}

Result<Opt> HoltWinters(const RangeCall& c, const std::vector<Point>& p) {
  double sf = c.arg0, tf = c.arg1;
  if (!(sf > 0 && sf < 1)) {
    return InvalidArgument("invalid smoothing factor. Expected: 0 < sf < 1, got: " + FormatValue(sf));
  }
  if (!(tf > 0 && tf < 1)) {
    return InvalidArgument("invalid trend factor. Expected: 0 < tf < 1, got: " + FormatValue(tf));
  }
  if (p.size() < 2) return Opt();
  double s0 = 0, s1 = p[0].v, b = p[1].v - p[0].v;
  for (size_t i = 1; i < p.size(); ++i) {
    double x = sf * p[i].v;
    if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b;
    double y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return Opt(s1);
}

double AvgOverTime(const std::vector<Point>& p) {
  double mean = 0, count = 0;
  for (const Point& s : p) {
    count++;
    if (std::isinf(mean)) {
      if (std::isinf(s.v) && (mean > 0) == (s.v > 0)) continue;
      if (!std::isinf(s.v) && !std::isnan(s.v)) continue;
    }
    mean += s.v / count - mean / count;
  }
  return mean;
}

double StdvarOverTime(const std::vector<Point>& p) {
  double count = 0, mean = 0, c_mean = 0, aux = 0, c_aux = 0;
  for (const Point& s : p) {
    count++;
    double delta = s.v - (mean + c_mean);
    KahanInc(delta / count, &mean, &c_mean);
    KahanInc(delta * (s.v - (mean + c_mean)), &aux, &c_aux);
  }
  return (aux + c_aux) / count;
}

}  // namespace

bool IsRangeFunction(FuncId id) {
  switch (id) {
    case FuncId::kAvgOverTime:
    case FuncId::kChanges:
    case FuncId::kCountOverTime:
    case FuncId::kDelta:
    case FuncId::kDeriv:
    case FuncId::kHoltWinters:
    case FuncId::kIdelta:
    case FuncId::kIncrease:
    case FuncId::kIrate:
    case FuncId::kLastOverTime:
    case FuncId::kMaxOverTime:
    case FuncId::kMinOverTime:
    case FuncId::kPredictLinear:
    case FuncId::kPresentOverTime:
    case FuncId::kQuantileOverTime:
    case FuncId::kRate:
    case FuncId::kResets:
    case FuncId::kStddevOverTime:
    case FuncId::kStdvarOverTime:
    case FuncId::kSumOverTime:
      return true;
    default:
      return false;
  }
}

Result<std::optional<double>> ApplyRangeFunction(const RangeCall& c,
                                                 const std::vector<Point>& p) {
  switch (c.id) {
    case FuncId::kRate: return ExtrapolatedRate(c, p, true, true);
    case FuncId::kIncrease: return ExtrapolatedRate(c, p, true, false);
    case FuncId::kDelta: return ExtrapolatedRate(c, p, false, false);
    case FuncId::kIrate: return InstantValue(p, true);
    case FuncId::kIdelta: return InstantValue(p, false);
    case FuncId::kDeriv: {
      if (p.size() < 2) return Opt();
      double slope, intercept;
      LinearRegression(p, p[0].t, &slope, &intercept);
      return Opt(slope);
    }
    case FuncId::kPredictLinear: {
      if (p.size() < 2) return Opt();
      double slope, intercept;
      LinearRegression(p, c.eval_time, &slope, &intercept);
      return Opt(slope * c.arg0 + intercept);
    }
    case FuncId::kHoltWinters: return HoltWinters(c, p);
    case FuncId::kResets: {
      double n = 0;
      for (size_t i = 1; i < p.size(); ++i) {
        if (p[i].v < p[i - 1].v) n++;
      }
      return Opt(n);
    }
    case FuncId::kChanges: {
      double n = 0;
      for (size_t i = 1; i < p.size(); ++i) {
        double cur = p[i].v, prev = p[i - 1].v;
        if (cur != prev && !(std::isnan(cur) && std::isnan(prev))) n++;
      }
      return Opt(n);
    }
    case FuncId::kAvgOverTime: return Opt(AvgOverTime(p));
    case FuncId::kCountOverTime: return Opt(static_cast<double>(p.size()));
    case FuncId::kSumOverTime: {
      double sum = 0, comp = 0;
      for (const Point& s : p) KahanInc(s.v, &sum, &comp);
      return Opt(std::isinf(sum) ? sum : sum + comp);
    }
    case FuncId::kMinOverTime: {
      double m = p[0].v;
      for (const Point& s : p) {
        if (s.v < m || std::isnan(m)) m = s.v;
      }
      return Opt(m);
    }
    case FuncId::kMaxOverTime: {
      double m = p[0].v;
      for (const Point& s : p) {
        if (s.v > m || std::isnan(m)) m = s.v;
      }
      return Opt(m);
    }
    case FuncId::kQuantileOverTime: {
      std::vector<double> vals;
      vals.reserve(p.size());
      for (const Point& s : p) vals.push_back(s.v);
      return Opt(Quantile(c.arg0, std::move(vals)));
    }
    case FuncId::kStddevOverTime: return Opt(std::sqrt(StdvarOverTime(p)));
    case FuncId::kStdvarOverTime: return Opt(StdvarOverTime(p));
    case FuncId::kLastOverTime: return Opt(p.back().v);
    case FuncId::kPresentOverTime: return Opt(1.0);
    default:
      return Internal("not a range function");
  }
}

}  // namespace kf::promql
