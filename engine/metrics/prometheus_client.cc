#include "engine/metrics/prometheus_client.h"

#include <cstdlib>
#include <utility>

#include <curl/curl.h>

#include "engine/core/strings.h"

namespace kf {
namespace {

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

std::string UrlEncode(CURL* c, const std::string& s) {
  char* e = curl_easy_escape(c, s.data(), static_cast<int>(s.size()));
  std::string out = e != nullptr ? e : "";
  curl_free(e);
  return out;
}

// The status for a non-2xx answer with Prometheus's error envelope (or none).
Status HttpError(long code, const Json* body, const std::string& raw) {
  std::string msg;
  if (body != nullptr && body->is_object() && body->contains("error")) {
    msg = JsonString(*body, "errorType");
    msg += (msg.empty() ? "" : ": ") + JsonString(*body, "error");
  } else {
    msg = Trim(raw.substr(0, 200));
  }
  const std::string text =
      "prometheus: HTTP " + std::to_string(code) + (msg.empty() ? "" : ": " + msg);
  if (code == 401) return Unauthenticated(text + " (check the token or user/password)");
  if (code == 403) return PermissionDenied(text);
  if (code == 400 || code == 422) return InvalidArgument(text);
  if (code == 404) return NotFound(text + " (is the URL the Prometheus base URL?)");
  if (code == 429 || code >= 500) return Unavailable(text);
  return Internal(text);
}

}  // namespace

std::string PrometheusTimeParam(UnixMillis t) {
  if (t < 0) return "-" + PrometheusTimeParam(-t);
  const lldiv_t d = std::lldiv(t, 1000);
  if (d.rem == 0) return std::to_string(d.quot);
  std::string frac = StrFormat("%03lld", static_cast<long long>(d.rem));
  while (frac.back() == '0') frac.pop_back();
  return std::to_string(d.quot) + "." + frac;
}

PrometheusConfig PrometheusConfigFromEnv(PrometheusConfig c) {
  if (c.url.empty()) c.url = Env("KUBEFLIGHT_PROMETHEUS_URL");
  if (c.bearer_token.empty()) c.bearer_token = Env("KUBEFLIGHT_PROMETHEUS_TOKEN");
  if (c.username.empty()) c.username = Env("KUBEFLIGHT_PROMETHEUS_USER");
  if (c.password.empty()) c.password = Env("KUBEFLIGHT_PROMETHEUS_PASSWORD");
  if (c.ca_file.empty()) c.ca_file = Env("KUBEFLIGHT_PROMETHEUS_CA_FILE");
  if (!c.insecure_skip_verify) {
    const std::string v = ToLower(Env("KUBEFLIGHT_PROMETHEUS_INSECURE"));
    c.insecure_skip_verify = v == "1" || v == "true";
  }
  return c;
}

Status ValidatePrometheusConfig(const PrometheusConfig& c) {
  if (c.url.empty()) {
    return InvalidArgument("prometheus: no URL (set --prometheus-url or KUBEFLIGHT_PROMETHEUS_URL)");
  }
  if (!StartsWith(c.url, "http://") && !StartsWith(c.url, "https://")) {
    return InvalidArgument("prometheus: URL \"" + c.url + "\" must start with http:// or https://");
  }
  if (!c.bearer_token.empty() && !c.username.empty()) {
    return InvalidArgument("prometheus: give either a bearer token or a user and password, not both");
  }
  if (!c.password.empty() && c.username.empty()) {
    return InvalidArgument("prometheus: a password needs a user (KUBEFLIGHT_PROMETHEUS_USER)");
  }
  return Status();
}

Result<std::unique_ptr<PrometheusClient>> NewPrometheusClient(const PrometheusConfig& flags) {
  PrometheusConfig c = PrometheusConfigFromEnv(flags);
  Status s = ValidatePrometheusConfig(c);
  if (!s.ok()) return s;
  return std::make_unique<PrometheusClient>(std::move(c));
}

PrometheusClient::PrometheusClient(PrometheusConfig config) : config_(std::move(config)) {
  while (EndsWith(config_.url, "/")) config_.url.pop_back();
}

Result<Json> PrometheusClient::Query(const std::string& promql, UnixMillis at) {
  return Call("/api/v1/query", {{"query", promql}, {"time", PrometheusTimeParam(at)}});
}

Result<Json> PrometheusClient::QueryRange(const std::string& promql, UnixMillis start,
                                          UnixMillis end, DurationMs step) {
  return Call("/api/v1/query_range", {{"query", promql},
                                      {"start", PrometheusTimeParam(start)},
                                      {"end", PrometheusTimeParam(end)},
                                      {"step", PrometheusTimeParam(step)}});
}

Result<Json> PrometheusClient::Series(const std::vector<std::string>& matchers, UnixMillis start,
                                      UnixMillis end) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const std::string& m : matchers) params.emplace_back("match[]", m);
  params.emplace_back("start", PrometheusTimeParam(start));
  params.emplace_back("end", PrometheusTimeParam(end));
  return Call("/api/v1/series", params);
}

Result<Json> PrometheusClient::Call(const std::string& path,
                                    const std::vector<std::pair<std::string, std::string>>& params) {
  CURL* c = curl_easy_init();
  if (c == nullptr) return Internal("prometheus: curl_easy_init failed");
  std::string form;
  for (const auto& [k, v] : params) {
    if (!form.empty()) form += '&';
    form += UrlEncode(c, k) + "=" + UrlEncode(c, v);
  }
  const std::string url = config_.url + path;
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
  if (!config_.bearer_token.empty()) {
    headers = curl_slist_append(headers, ("Authorization: Bearer " + config_.bearer_token).c_str());
  }
  std::string body;
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.timeout));
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");  // Prometheus compresses with gzip only
  curl_easy_setopt(c, CURLOPT_USERAGENT, "kubeflight");
  if (!config_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
  }
  if (!config_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, config_.ca_file.c_str());
  if (config_.insecure_skip_verify) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  const CURLcode rc = curl_easy_perform(c);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK) {
    const std::string why = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      return DeadlineExceeded("prometheus at " + config_.url + ": timed out: " + why);
    }
    return Unavailable("prometheus at " + config_.url + " is unreachable: " + why);
  }
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  const bool is_json = !parsed.is_discarded();
  if (code < 200 || code > 299) return HttpError(code, is_json ? &parsed : nullptr, body);
  if (!is_json || !parsed.is_object()) {
    return Internal("prometheus at " + config_.url + path + ": response is not JSON: " +
                    Trim(body.substr(0, 200)));
  }
  if (JsonString(parsed, "status") != "success" || !parsed.contains("data")) {
    return Internal("prometheus at " + config_.url + path +
                    ": response has no \"status\":\"success\" and \"data\": " +
                    parsed.dump().substr(0, 200));
  }
  return std::move(parsed["data"]);
}

}  // namespace kf
