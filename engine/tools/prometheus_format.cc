#include "engine/tools/prometheus_format.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "engine/core/strings.h"

namespace kf {
namespace {

double ParseValue(const Json& sample) {
  // A sample is [t, "v"].
  if (!sample.is_array() || sample.size() < 2 || !sample[1].is_string()) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const std::string& s = sample[1].get_ref<const std::string&>();
  if (s == "+Inf") return std::numeric_limits<double>::infinity();
  if (s == "-Inf") return -std::numeric_limits<double>::infinity();
  return std::strtod(s.c_str(), nullptr);  // "NaN" parses as NaN
}

std::string SampleText(const Json& sample) {
  return sample.is_array() && sample.size() >= 2 && sample[1].is_string()
             ? sample[1].get<std::string>()
             : "?";
}

// Renders `rows` and notes the series left out beyond kMaxRenderedSeries.
std::string TableWithOverflow(const std::vector<std::vector<std::string>>& rows, size_t total) {
  std::string out = FormatTable(rows);
  if (total > kMaxRenderedSeries) {
    out += "... and " + std::to_string(total - kMaxRenderedSeries) +
           " more series (the structured result has all of them)\n";
  }
  return out;
}

}  // namespace

std::string FormatPromLabels(const Json& metric) {
  std::string name;
  std::vector<std::string> pairs;
  if (metric.is_object()) {
    for (auto it = metric.begin(); it != metric.end(); ++it) {
      std::string v = it->is_string() ? it->get<std::string>() : it->dump();
      if (it.key() == "__name__") {
        name = v;
      } else {
        pairs.push_back(it.key() + "=\"" + v + "\"");
      }
    }
  }
  if (!name.empty() && pairs.empty()) return name;
  return name + "{" + Join(pairs, ", ") + "}";
}

std::string FormatPromValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::string s = StrFormat("%.6g", v);
  return s;
}

std::string Sparkline(const std::vector<double>& values, size_t width) {
  static const char* kLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  if (values.empty() || width == 0) return "";
  std::vector<double> buckets;
  size_t n = std::min(width, values.size());
  for (size_t b = 0; b < n; ++b) {
    size_t from = b * values.size() / n;
    size_t to = std::max(from + 1, (b + 1) * values.size() / n);
    double m = std::numeric_limits<double>::quiet_NaN();
    for (size_t i = from; i < to; ++i) {
      if (!std::isnan(values[i]) && (std::isnan(m) || values[i] > m)) m = values[i];
    }
    buckets.push_back(m);
  }
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (double v : buckets) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  std::string out;
  for (double v : buckets) {
    if (std::isnan(v)) {
      out += " ";
    } else if (!std::isfinite(v)) {
      out += v > 0 ? kLevels[7] : kLevels[0];
    } else if (hi <= lo) {
      out += kLevels[3];
    } else {
      int level = static_cast<int>(std::lround((v - lo) / (hi - lo) * 7));
      out += kLevels[std::clamp(level, 0, 7)];
    }
  }
  return out;
}

std::string RenderPromInstant(const Json& data) {
  std::string type = JsonString(data, "resultType");
  const Json* result = JsonAtPath(data, "result");
  if (type == "scalar" || type == "string") return (result ? SampleText(*result) : "?") + "\n";
  if (!result || !result->is_array() || result->empty()) return "empty result: no series matched\n";
  std::vector<std::vector<std::string>> rows = {{"SERIES", "VALUE"}};
  for (const Json& series : *result) {
    if (rows.size() > kMaxRenderedSeries) break;
    const Json* sample = JsonAtPath(series, "value");
    rows.push_back({FormatPromLabels(series.contains("metric") ? series["metric"] : Json::object()),
                    sample ? SampleText(*sample) : "?"});
  }
  return TableWithOverflow(rows, result->size());
}

std::string RenderPromRange(const Json& data) {
  const Json* result = JsonAtPath(data, "result");
  if (JsonString(data, "resultType") != "matrix") return RenderPromInstant(data);
  if (!result || !result->is_array() || result->empty()) return "empty result: no series matched\n";
  std::vector<std::vector<std::string>> rows = {{"SERIES", "TREND", "MIN", "MAX", "LAST"}};
  for (const Json& series : *result) {
    if (rows.size() > kMaxRenderedSeries) break;
    std::vector<double> values;
    if (const Json* samples = JsonAtPath(series, "values"); samples && samples->is_array()) {
      for (const Json& s : *samples) values.push_back(ParseValue(s));
    }
    double lo = std::numeric_limits<double>::quiet_NaN(), hi = lo, last = lo;
    for (double v : values) {
      if (std::isnan(v)) continue;
      lo = std::isnan(lo) ? v : std::min(lo, v);
      hi = std::isnan(hi) ? v : std::max(hi, v);
      last = v;
    }
    rows.push_back({FormatPromLabels(series.contains("metric") ? series["metric"] : Json::object()),
                    Sparkline(values), FormatPromValue(lo), FormatPromValue(hi),
                    FormatPromValue(last)});
  }
  return TableWithOverflow(rows, result->size());
}

}  // namespace kf
