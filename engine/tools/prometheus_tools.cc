// prometheus.query and prometheus.query_range over the MetricsBackend.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/duration.h"
#include "engine/core/strings.h"
#include "engine/metrics/metrics_backend.h"
#include "engine/tools/builtin_tools.h"
#include "engine/tools/cluster_backend.h"
#include "engine/tools/prometheus_format.h"
#include "engine/tools/tool_util.h"

namespace kf {
namespace {

constexpr DurationMs kDefaultRange = 60 * 60 * 1000;
constexpr int kTargetPoints = 60;

// Resolves a time argument against `now`: absent → now; "now"; relative
// ("-15m", "-1h"); RFC 3339; or Unix seconds (number or numeric string).
Result<UnixMillis> ResolveTime(const Json& args, const char* key, UnixMillis now, UnixMillis fallback) {
  auto it = args.find(key);
  if (it == args.end()) return fallback;
  if (it->is_number()) return static_cast<UnixMillis>(std::llround(it->get<double>() * 1000));
  std::string s = Trim(it->get<std::string>());
  if (s == "now") return now;
  if (StartsWith(s, "-") || StartsWith(s, "+")) {
    Result<DurationMs> d = ParseDuration(s);
    if (d.ok()) return now + *d;
  }
  UnixMillis t = 0;
  if (ParseRfc3339(s, &t)) return t;
  char* end = nullptr;
  double secs = std::strtod(s.c_str(), &end);
  if (!s.empty() && end && *end == '\0') return static_cast<UnixMillis>(std::llround(secs * 1000));
  return InvalidArgument(std::string(key) + ": cannot parse time \"" + s +
                         "\" (use \"now\", \"-15m\", RFC 3339 or Unix seconds)");
}

Result<DurationMs> ResolveStep(const Json& args, DurationMs range) {
  auto it = args.find("step");
  if (it == args.end()) {
    DurationMs step = range / kTargetPoints;
    step = std::max<DurationMs>(1000, step / 1000 * 1000);
    return step;
  }
  if (it->is_number()) {
    double secs = it->get<double>();
    if (secs > 0) return static_cast<DurationMs>(std::llround(secs * 1000));
  } else {
    Result<DurationMs> d = ParseDuration(it->get<std::string>());
    if (d.ok() && *d > 0) return *d;
  }
  return InvalidArgument("step: must be a positive duration such as \"30s\" or a number of seconds");
}

// The clock for "now": the cluster's when there is one.
Result<UnixMillis> Now(const ToolContext& ctx) {
  if (ctx.cluster) return ctx.cluster->clock().Now();
  return FailedPrecondition("no clock: relative times need a cluster clock");
}

// A backend's error as the tool reports it: prefixed "prometheus: " once
// (the live client's messages already carry the prefix).
std::string BackendError(const Status& status) {
  const std::string& m = status.message();
  return m.rfind("prometheus: ", 0) == 0 ? m : "prometheus: " + m;
}

ToolResult Query(const Json& args, const ToolContext& ctx) {
  std::string query = ArgString(args, "query");
  std::string command = "promql: " + query;
  if (!ctx.metrics) return ErrorResult(command, "prometheus is not configured");
  UnixMillis now = 0;
  if (Result<UnixMillis> n = Now(ctx); n.ok()) {
    now = *n;
  } else if (!args.contains("time") || !args["time"].is_number()) {
    return ErrorResult(command, n.status().message());
  }
  Result<UnixMillis> at = ResolveTime(args, "time", now, now);
  if (!at.ok()) return ErrorResult(command, at.status().message());
  if (args.contains("time")) command += " @ " + FormatRfc3339(*at);
  Result<Json> data = ctx.metrics->Query(query, *at);
  if (!data.ok()) return ErrorResult(command, BackendError(data.status()));
  ToolResult r;
  r.command = command;
  r.text = RenderPromInstant(*data);
  r.structured = std::move(*data);
  return r;
}

ToolResult QueryRange(const Json& args, const ToolContext& ctx) {
  std::string query = ArgString(args, "query");
  std::string command = "promql range: " + query;
  if (!ctx.metrics) return ErrorResult(command, "prometheus is not configured");
  Result<UnixMillis> now = Now(ctx);
  if (!now.ok()) return ErrorResult(command, now.status().message());
  Result<UnixMillis> end = ResolveTime(args, "end", *now, *now);
  if (!end.ok()) return ErrorResult(command, end.status().message());
  Result<UnixMillis> start = ResolveTime(args, "start", *now, *end - kDefaultRange);
  if (!start.ok()) return ErrorResult(command, start.status().message());
  if (*start > *end) return ErrorResult(command, "start: must not be after end");
  Result<DurationMs> step = ResolveStep(args, *end - *start);
  if (!step.ok()) return ErrorResult(command, step.status().message());
  command += " [" + FormatRfc3339(*start) + " .. " + FormatRfc3339(*end) + ", step " +
             FormatDuration(*step) + "]";
  Result<Json> data = ctx.metrics->QueryRange(query, *start, *end, *step);
  if (!data.ok()) return ErrorResult(command, BackendError(data.status()));
  ToolResult r;
  r.command = command;
  r.text = RenderPromRange(*data);
  r.structured = std::move(*data);
  return r;
}

Json TimeProp(const char* description) {
  return {{"type", Json::array({"string", "number"})}, {"description", description}};
}

}  // namespace

std::unique_ptr<Tool> MakePrometheusQueryTool() {
  return std::make_unique<FunctionTool>(
      "prometheus.query",
      "Evaluate a PromQL expression at one instant (default now), e.g. "
      "histogram_quantile(0.99, rate(http_request_duration_seconds_bucket{service=\"x\"}[5m])). "
      "Text is a table of series and values; structured output is the Prometheus API data "
      "{resultType, result}.",
      ObjectSchema({{"query", StringProp("PromQL expression.")},
                    {"time", TimeProp("Evaluation time: \"now\", relative (\"-15m\"), RFC 3339 or Unix seconds.")}},
                   {"query"}),
      kReadOnly, Query);
}

std::unique_ptr<Tool> MakePrometheusQueryRangeTool() {
  return std::make_unique<FunctionTool>(
      "prometheus.query_range",
      "Evaluate a PromQL expression over a time range (default the last hour) and show each "
      "series as a sparkline with min, max and last values. Structured output is the "
      "Prometheus API data {resultType: matrix, result}.",
      ObjectSchema({{"query", StringProp("PromQL expression.")},
                    {"start", TimeProp("Range start: relative (\"-30m\"), RFC 3339 or Unix seconds; default end-1h.")},
                    {"end", TimeProp("Range end; default now.")},
                    {"step", TimeProp("Resolution: a duration (\"30s\") or seconds; default range/60.")}},
                   {"query"}),
      kReadOnly, QueryRange);
}

}  // namespace kf
