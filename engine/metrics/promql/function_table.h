// The PromQL function signatures (Prometheus v2.42's parser.Functions):
// what the parser checks calls against. Implementations live in
// functions.cc and range_functions.cc, keyed by FuncId.
#pragma once

#include <string>
#include <vector>

#include "engine/metrics/promql/ast.h"

namespace kf::promql {

enum class FuncId {
  kAbs, kAbsent, kAbsentOverTime, kAcos, kAcosh, kAsin, kAsinh, kAtan, kAtanh,
  kAvgOverTime, kCeil, kChanges, kClamp, kClampMax, kClampMin, kCos, kCosh,
  kCountOverTime, kDaysInMonth, kDayOfMonth, kDayOfWeek, kDayOfYear, kDeg, kDelta,
  kDeriv, kExp, kFloor, kHistogramCount, kHistogramSum, kHistogramFraction,
  kHistogramQuantile, kHoltWinters, kHour, kIdelta, kIncrease, kIrate, kLabelReplace,
  kLabelJoin, kLastOverTime, kLn, kLog10, kLog2, kMaxOverTime, kMinOverTime, kMinute,
  kMonth, kPi, kPredictLinear, kPresentOverTime, kQuantileOverTime, kRad, kRate,
  kResets, kRound, kScalar, kSgn, kSin, kSinh, kSort, kSortDesc, kSqrt,
  kStddevOverTime, kStdvarOverTime, kSumOverTime, kTan, kTanh, kTime, kTimestamp,
  kVector, kYear,
};

struct FunctionDef {
  FuncId id;
  std::string name;
  std::vector<ValueType> arg_types;
  // 0: exactly arg_types; n > 0: up to n more (or fewer, see Prometheus's
  // rule: the last argument type may be omitted or repeated); -1: unbounded.
  int variadic;
  ValueType return_type;
};

// nullptr when there is no such function.
const FunctionDef* LookupFunction(const std::string& name);

}  // namespace kf::promql
