// Number and time formatting exactly as Prometheus's HTTP API writes them.
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"

namespace kf::promql {

// Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest decimal that
// round-trips, never with an exponent; "NaN", "+Inf", "-Inf".
std::string FormatValue(double v);

// A timestamp as the API's float seconds: an integer JSON number when the
// time is a whole second (1712345678), else a decimal (1712345678.5).
Json TimestampJson(UnixMillis t);

}  // namespace kf::promql
