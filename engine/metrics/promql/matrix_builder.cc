#include "engine/metrics/promql/matrix_builder.h"

namespace kf::promql {

void MatrixBuilder::Add(const LabelsPtr& metric, UnixMillis t, double v) {
  auto& bucket = by_hash_[HashLabels(*metric)];
  for (size_t idx : bucket) {
    MatSeries& s = out_[idx];
    if (s.metric == metric || *s.metric == *metric) {
      s.points.push_back(Point{t, v});
      return;
    }
  }
  bucket.push_back(out_.size());
  out_.push_back(MatSeries{metric, {Point{t, v}}});
}

}  // namespace kf::promql
