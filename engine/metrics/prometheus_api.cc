#include "engine/metrics/prometheus_api.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

#include "engine/core/duration.h"
#include "engine/core/json.h"
#include "engine/core/strings.h"
#include "engine/metrics/promql/labels.h"
#include "engine/metrics/promql/parser.h"
#include "engine/metrics/promql_engine.h"

namespace kf {
namespace {

constexpr UnixMillis kMinTime = std::numeric_limits<int64_t>::min() / 2;
constexpr UnixMillis kMaxTime = std::numeric_limits<int64_t>::max() / 2;

struct ApiError {
  int status;
  std::string type, message;
};

PrometheusApiReply Success(Json data) {
  return {200, "application/json", Json{{"status", "success"}, {"data", std::move(data)}}.dump()};
}

PrometheusApiReply Failure(const ApiError& e) {
  return {e.status, "application/json",
          Json{{"status", "error"}, {"errorType", e.type}, {"error", e.message}}.dump()};
}

ApiError BadData(std::string message) { return {400, "bad_data", std::move(message)}; }

const std::string* Param(const ApiParams& params, const std::string& name) {
  for (const auto& [k, v] : params) {
    if (k == name) return &v;
  }
  return nullptr;
}

// Prometheus's parseTime: Unix seconds (fraction rounded to the
// millisecond) or RFC 3339.
bool ParseApiTime(const std::string& s, UnixMillis* out) {
  char* end = nullptr;
  const double secs = std::strtod(s.c_str(), &end);
  if (!s.empty() && end != nullptr && *end == '\0' && std::isfinite(secs)) {
    const double whole = std::trunc(secs);
    *out = static_cast<UnixMillis>(whole) * 1000 +
           static_cast<UnixMillis>(std::llround((secs - whole) * 1000));
    return true;
  }
  return ParseRfc3339(s, out);
}

// A time parameter, `fallback` when absent or empty.
bool TimeParam(const ApiParams& p, const std::string& name, UnixMillis fallback, UnixMillis* out,
               ApiError* err) {
  const std::string* v = Param(p, name);
  if (v == nullptr || v->empty()) {
    *out = fallback;
    return true;
  }
  if (ParseApiTime(*v, out)) return true;
  *err = BadData("invalid parameter \"" + name + "\": cannot parse \"" + *v +
                 "\" to a valid timestamp");
  return false;
}

// A required time parameter (query_range's start and end).
bool RequiredTime(const ApiParams& p, const std::string& name, UnixMillis* out, ApiError* err) {
  const std::string* v = Param(p, name);
  const std::string s = v != nullptr ? *v : "";
  if (ParseApiTime(s, out)) return true;
  *err = BadData("invalid parameter \"" + name + "\": cannot parse \"" + s + "\" to a valid timestamp");
  return false;
}

bool StepParam(const ApiParams& p, DurationMs* out, ApiError* err) {
  const std::string* v = Param(p, "step");
  const std::string s = v != nullptr ? *v : "";
  char* end = nullptr;
  const double secs = std::strtod(s.c_str(), &end);
  if (!s.empty() && end != nullptr && *end == '\0' && std::isfinite(secs)) {
    *out = static_cast<DurationMs>(secs * 1000);
    return true;
  }
  if (!s.empty()) {
    Result<DurationMs> d = ParseDuration(s);
    if (d.ok() && *d >= 0) {
      *out = *d;
      return true;
    }
  }
  *err = BadData("invalid parameter \"step\": cannot parse \"" + s + "\" to a valid duration");
  return false;
}

// Parses `query`; a parse error is bad_data naming the parameter.
bool ParseQuery(const ApiParams& p, std::string* query, ApiError* err) {
  const std::string* v = Param(p, "query");
  *query = v != nullptr ? *v : "";
  Result<promql::ExprPtr> e = promql::ParseExpr(*query);
  if (e.ok()) return true;
  *err = BadData("invalid parameter \"query\": " + e.status().message());
  return false;
}

ApiError ExecutionError(const Status& s) { return {422, "execution", s.message()}; }

PrometheusApiReply Query(const SeriesStore& store, UnixMillis now, const ApiParams& p) {
  ApiError err;
  UnixMillis at = 0;
  if (!TimeParam(p, "time", now, &at, &err)) return Failure(err);
  std::string q;
  if (!ParseQuery(p, &q, &err)) return Failure(err);
  PromqlEngine engine(&store);
  Result<Json> r = engine.Query(q, at);
  if (!r.ok()) return Failure(ExecutionError(r.status()));
  return Success(std::move(*r));
}

PrometheusApiReply QueryRange(const SeriesStore& store, const ApiParams& p) {
  ApiError err;
  UnixMillis start = 0, end = 0;
  DurationMs step = 0;
  if (!RequiredTime(p, "start", &start, &err) || !RequiredTime(p, "end", &end, &err) ||
      !StepParam(p, &step, &err)) {
    return Failure(err);
  }
  if (end < start) return Failure(BadData("end timestamp must not be before start time"));
  if (step <= 0) {
    return Failure(BadData(
        "zero or negative query resolution step widths are not accepted. Try a positive integer"));
  }
  if ((end - start) / step > 11000) {
    return Failure(BadData(
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
        "resolution (?step=XX)"));
  }
  std::string q;
  if (!ParseQuery(p, &q, &err)) return Failure(err);
  PromqlEngine engine(&store);
  Result<Json> r = engine.QueryRange(q, start, end, step);
  if (!r.ok()) {
    // Type errors ("invalid expression type ... for range query") are bad_data.
    if (StartsWith(r.status().message(), "invalid expression type")) {
      return Failure(BadData(r.status().message()));
    }
    return Failure(ExecutionError(r.status()));
  }
  return Success(std::move(*r));
}

// The selectors of every match[] parameter; `required` makes none an error.
bool MatcherSets(const ApiParams& p, bool required, std::vector<promql::ExprPtr>* out,
                 ApiError* err) {
  for (const auto& [k, v] : p) {
    if (k != "match[]") continue;
    Result<promql::ExprPtr> e = promql::ParseExpr(v);
    if (!e.ok()) {
      *err = BadData("invalid parameter \"match[]\": " + e.status().message());
      return false;
    }
    if ((*e)->kind != promql::ExprKind::kVectorSelector) {
      *err = BadData("invalid parameter \"match[]\": \"" + v + "\" is not a series selector");
      return false;
    }
    out->push_back(std::move(*e));
  }
  if (required && out->empty()) {
    *err = BadData("no match[] parameter provided");
    return false;
  }
  return true;
}

bool SelectorMatches(const promql::Expr& sel, const Labels& l) {
  for (const promql::Matcher& m : sel.matchers) {
    if (!m.Matches(promql::GetLabel(l, m.name))) return false;
  }
  return true;
}

bool HasSampleIn(const Series& s, UnixMillis start, UnixMillis end) {
  for (const Sample& x : s.samples) {
    if (x.t >= start && x.t <= end) return true;
    if (x.t > end) break;
  }
  return false;
}

// Series with a sample in [start, end] matching any selector (every series
// when there are none), in label order.
bool SelectSeries(const SeriesStore& store, UnixMillis now, const ApiParams& p, bool required,
                  std::vector<const Series*>* out, ApiError* err) {
  UnixMillis start = 0, end = 0;
  (void)now;  // samples never lie beyond the simulation's now
  if (!TimeParam(p, "start", kMinTime, &start, err) || !TimeParam(p, "end", kMaxTime, &end, err)) {
    return false;
  }
  std::vector<promql::ExprPtr> selectors;
  if (!MatcherSets(p, required, &selectors, err)) return false;
  for (const Series* s : store.SeriesNamed("")) {
    if (!HasSampleIn(*s, start, end)) continue;
    bool match = selectors.empty();
    for (const auto& sel : selectors) match = match || SelectorMatches(*sel, s->labels);
    if (match) out->push_back(s);
  }
  return true;
}

PrometheusApiReply SeriesEndpoint(const SeriesStore& store, UnixMillis now, const ApiParams& p) {
  ApiError err;
  std::vector<const Series*> series;
  if (!SelectSeries(store, now, p, true, &series, &err)) return Failure(err);
  Json data = Json::array();
  for (const Series* s : series) data.push_back(Json(s->labels));
  return Success(std::move(data));
}

PrometheusApiReply LabelNames(const SeriesStore& store, UnixMillis now, const ApiParams& p) {
  ApiError err;
  std::vector<const Series*> series;
  if (!SelectSeries(store, now, p, false, &series, &err)) return Failure(err);
  std::set<std::string> names;
  for (const Series* s : series) {
    for (const auto& [k, v] : s->labels) names.insert(k);
  }
  return Success(Json(std::vector<std::string>(names.begin(), names.end())));
}

PrometheusApiReply LabelValues(const SeriesStore& store, UnixMillis now, const std::string& name,
                               const ApiParams& p) {
  if (name != "__name__" && !promql::IsValidLabelName(name)) {
    return Failure(BadData("invalid label name: \"" + name + "\""));
  }
  ApiError err;
  std::vector<const Series*> series;
  if (!SelectSeries(store, now, p, false, &series, &err)) return Failure(err);
  std::set<std::string> values;
  for (const Series* s : series) {
    const std::string& v = promql::GetLabel(s->labels, name);
    if (!v.empty()) values.insert(v);
  }
  return Success(Json(std::vector<std::string>(values.begin(), values.end())));
}

PrometheusApiReply BuildInfo() {
  // The PromQL semantics served are those of Prometheus 2.42.
  return Success(Json{{"version", "2.42.0"},
                      {"revision", "kubeflight-simulated"},
                      {"branch", "kubeflight"},
                      {"buildUser", "kubeflight"},
                      {"buildDate", ""},
                      {"goVersion", ""}});
}

}  // namespace

PrometheusApiReply HandlePrometheusApi(const SeriesStore& store, UnixMillis now,
                                       const std::string& method, const std::string& path,
                                       const ApiParams& params) {
  const bool get = method == "GET", post = method == "POST";
  auto not_allowed = [] { return PrometheusApiReply{405, "text/plain; charset=utf-8", "Method Not Allowed\n"}; };
  const std::string kLabelPrefix = "/api/v1/label/", kValuesSuffix = "/values";
  if (path == "/api/v1/status/buildinfo") return get ? BuildInfo() : not_allowed();
  if (StartsWith(path, kLabelPrefix) && EndsWith(path, kValuesSuffix) &&
      path.size() > kLabelPrefix.size() + kValuesSuffix.size()) {
    if (!get) return not_allowed();
    const std::string name = path.substr(
        kLabelPrefix.size(), path.size() - kLabelPrefix.size() - kValuesSuffix.size());
    return LabelValues(store, now, name, params);
  }
  const bool known = path == "/api/v1/query" || path == "/api/v1/query_range" ||
                     path == "/api/v1/series" || path == "/api/v1/labels";
  if (!known) return {404, "text/plain; charset=utf-8", "404 page not found\n"};
  if (!get && !post) return not_allowed();
  if (path == "/api/v1/query") return Query(store, now, params);
  if (path == "/api/v1/query_range") return QueryRange(store, params);
  if (path == "/api/v1/series") return SeriesEndpoint(store, now, params);
  return LabelNames(store, now, params);
}

}  // namespace kf
