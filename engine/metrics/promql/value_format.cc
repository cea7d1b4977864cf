#include "engine/metrics/promql/value_format.h"

#include <charconv>
#include <cmath>

namespace kf::promql {

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // 1e308 in fixed notation needs 309 digits plus sign and fraction.
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  return std::string(buf, res.ptr);
}

Json TimestampJson(UnixMillis t) {
  if (t % 1000 == 0) return Json(t / 1000);
  return Json(static_cast<double>(t) / 1000.0);
}

}  // namespace kf::promql
