// Human renderings of Prometheus API "data" results, for prometheus.* tools.
#pragma once

#include <string>
#include <vector>

#include "engine/core/json.h"

namespace kf {

// `{service="payment-service", le="0.5"}`, with __name__ in front:
// `up{job="api"}`; "{}" for no labels.
std::string FormatPromLabels(const Json& metric);

// Tables list at most this many series, then a line
// "... and N more series (the structured result has all of them)".
inline constexpr size_t kMaxRenderedSeries = 50;

// An instant result as a table:
//   SERIES                          VALUE
//   {service="payment-service"}     0.135
// A scalar or string result prints its value alone; an empty vector prints
// "empty result: no series matched\n".
std::string RenderPromInstant(const Json& data);

// A range (matrix) result, one line per series with a unicode sparkline:
//   SERIES                         TREND        MIN     MAX    LAST
//   {service="payment-service"}    ▁▁▂▇██▇▃▁   0.118   2.4    0.135
std::string RenderPromRange(const Json& data);

// Eight-level sparkline (▁▂▃▄▅▆▇█) of `values`, at most `width` characters
// (buckets keep their maximum); NaN shows as a space. Flat series show ▄.
std::string Sparkline(const std::vector<double>& values, size_t width = 40);

// A value as Prometheus prints it, shortened to 6 significant digits.
std::string FormatPromValue(double v);

}  // namespace kf
