#include "engine/metrics/promql/function_table.h"

#include <map>

namespace kf::promql {

namespace {

constexpr ValueType S = ValueType::kScalar;
constexpr ValueType V = ValueType::kVector;
constexpr ValueType M = ValueType::kMatrix;
constexpr ValueType Str = ValueType::kString;

const std::map<std::string, FunctionDef>& Table() {
  static const auto* table = [] {
    auto* t = new std::map<std::string, FunctionDef>();
    auto add = [t](FuncId id, const char* name, std::vector<ValueType> args, int variadic,
                   ValueType ret) { (*t)[name] = FunctionDef{id, name, std::move(args), variadic, ret}; };
    add(FuncId::kAbs, "abs", {V}, 0, V);
    add(FuncId::kAbsent, "absent", {V}, 0, V);
    add(FuncId::kAbsentOverTime, "absent_over_time", {M}, 0, V);
    add(FuncId::kAcos, "acos", {V}, 0, V);
    add(FuncId::kAcosh, "acosh", {V}, 0, V);
    add(FuncId::kAsin, "asin", {V}, 0, V);
    add(FuncId::kAsinh, "asinh", {V}, 0, V);
    add(FuncId::kAtan, "atan", {V}, 0, V);
    add(FuncId::kAtanh, "atanh", {V}, 0, V);
    add(FuncId::kAvgOverTime, "avg_over_time", {M}, 0, V);
    add(FuncId::kCeil, "ceil", {V}, 0, V);
    add(FuncId::kChanges, "changes", {M}, 0, V);
    add(FuncId::kClamp, "clamp", {V, S, S}, 0, V);
    add(FuncId::kClampMax, "clamp_max", {V, S}, 0, V);
    add(FuncId::kClampMin, "clamp_min", {V, S}, 0, V);
    add(FuncId::kCos, "cos", {V}, 0, V);
    add(FuncId::kCosh, "cosh", {V}, 0, V);
    add(FuncId::kCountOverTime, "count_over_time", {M}, 0, V);
    add(FuncId::kDaysInMonth, "days_in_month", {V}, 1, V);
    add(FuncId::kDayOfMonth, "day_of_month", {V}, 1, V);
    add(FuncId::kDayOfWeek, "day_of_week", {V}, 1, V);
    add(FuncId::kDayOfYear, "day_of_year", {V}, 1, V);
    add(FuncId::kDeg, "deg", {V}, 0, V);
    add(FuncId::kDelta, "delta", {M}, 0, V);
    add(FuncId::kDeriv, "deriv", {M}, 0, V);
    add(FuncId::kExp, "exp", {V}, 0, V);
    add(FuncId::kFloor, "floor", {V}, 0, V);
    add(FuncId::kHistogramCount, "histogram_count", {V}, 0, V);
    add(FuncId::kHistogramSum, "histogram_sum", {V}, 0, V);
    add(FuncId::kHistogramFraction, "histogram_fraction", {S, S, V}, 0, V);
    add(FuncId::kHistogramQuantile, "histogram_quantile", {S, V}, 0, V);
    add(FuncId::kHoltWinters, "holt_winters", {M, S, S}, 0, V);
    add(FuncId::kHour, "hour", {V}, 1, V);
    add(FuncId::kIdelta, "idelta", {M}, 0, V);
    add(FuncId::kIncrease, "increase", {M}, 0, V);
    add(FuncId::kIrate, "irate", {M}, 0, V);
    add(FuncId::kLabelReplace, "label_replace", {V, Str, Str, Str, Str}, 0, V);
    add(FuncId::kLabelJoin, "label_join", {V, Str, Str, Str}, -1, V);
    add(FuncId::kLastOverTime, "last_over_time", {M}, 0, V);
    add(FuncId::kLn, "ln", {V}, 0, V);
    add(FuncId::kLog10, "log10", {V}, 0, V);
    add(FuncId::kLog2, "log2", {V}, 0, V);
    add(FuncId::kMaxOverTime, "max_over_time", {M}, 0, V);
    add(FuncId::kMinOverTime, "min_over_time", {M}, 0, V);
    add(FuncId::kMinute, "minute", {V}, 1, V);
    add(FuncId::kMonth, "month", {V}, 1, V);
    add(FuncId::kPi, "pi", {}, 0, S);
    add(FuncId::kPredictLinear, "predict_linear", {M, S}, 0, V);
    add(FuncId::kPresentOverTime, "present_over_time", {M}, 0, V);
    add(FuncId::kQuantileOverTime, "quantile_over_time", {S, M}, 0, V);
    add(FuncId::kRad, "rad", {V}, 0, V);
    add(FuncId::kRate, "rate", {M}, 0, V);
    add(FuncId::kResets, "resets", {M}, 0, V);
    add(FuncId::kRound, "round", {V, S}, 1, V);
    add(FuncId::kScalar, "scalar", {V}, 0, S);
    add(FuncId::kSgn, "sgn", {V}, 0, V);
    add(FuncId::kSin, "sin", {V}, 0, V);
    add(FuncId::kSinh, "sinh", {V}, 0, V);
    add(FuncId::kSort, "sort", {V}, 0, V);
    add(FuncId::kSortDesc, "sort_desc", {V}, 0, V);
    add(FuncId::kSqrt, "sqrt", {V}, 0, V);
    add(FuncId::kStddevOverTime, "stddev_over_time", {M}, 0, V);
    add(FuncId::kStdvarOverTime, "stdvar_over_time", {M}, 0, V);
    add(FuncId::kSumOverTime, "sum_over_time", {M}, 0, V);
    add(FuncId::kTan, "tan", {V}, 0, V);
    add(FuncId::kTanh, "tanh", {V}, 0, V);
    add(FuncId::kTime, "time", {}, 0, S);
    add(FuncId::kTimestamp, "timestamp", {V}, 0, V);
    add(FuncId::kVector, "vector", {S}, 0, V);
    add(FuncId::kYear, "year", {V}, 1, V);
    return t;
  }();
  return *table;
}

}  // namespace

const FunctionDef* LookupFunction(const std::string& name) {
  const auto& t = Table();
  auto it = t.find(name);
  return it == t.end() ? nullptr : &it->second;
}

}  // namespace kf::promql
