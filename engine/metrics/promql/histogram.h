// histogram_quantile over classic (le-labelled) bucket series.
#pragma once

#include <vector>

#include "engine/core/status.h"
#include "engine/metrics/promql/value.h"

namespace kf::promql {

struct Bucket {
  double upper_bound;
  double count;
};

// Prometheus's bucketQuantile: buckets of one histogram, any order; the
// highest must be +Inf. Duplicate bounds are merged; non-monotonic counts are
// made monotonic. NaN when the histogram is unusable.
double BucketQuantile(double q, std::vector<Bucket> buckets);

// histogram_quantile(q, v): groups v by its labels without `le` (and with
// __name__), and returns one element per group, labels without __name__ and
// `le`. Elements without a parseable `le` are ignored.
Vector HistogramQuantile(double q, const Vector& v);

}  // namespace kf::promql
