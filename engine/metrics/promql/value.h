// Values a PromQL expression evaluates to.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "engine/core/clock.h"
#include "engine/metrics/promql/labels.h"

namespace kf::promql {

struct Point {
  UnixMillis t;
  double v;
};

// One element of an instant vector. `t` is the evaluation time, except for
// the output of a vector selector, where it is the selected sample's time
// (what timestamp() reports).
struct VecSample {
  LabelsPtr metric;
  double v;
  UnixMillis t;
};
using Vector = std::vector<VecSample>;

struct MatSeries {
  LabelsPtr metric;
  std::vector<Point> points;
};
using Matrix = std::vector<MatSeries>;

struct Scalar {
  double v;
};
struct StringValue {
  std::string s;
};

using Value = std::variant<Scalar, StringValue, Vector, Matrix>;

}  // namespace kf::promql
