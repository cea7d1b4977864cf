// Collects per-step vectors into a matrix, one series per label set, in
// first-seen order.
#pragma once

#include <unordered_map>
#include <vector>

#include "engine/metrics/promql/value.h"

namespace kf::promql {

class MatrixBuilder {
 public:
  // Appends (t, v) to the series with labels `metric`, creating it.
  void Add(const LabelsPtr& metric, UnixMillis t, double v);
  Matrix Take() { return std::move(out_); }

 private:
  Matrix out_;
  std::unordered_map<size_t, std::vector<size_t>> by_hash_;
};

}  // namespace kf::promql
