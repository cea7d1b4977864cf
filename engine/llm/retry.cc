#include "engine/llm/retry.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>

#include "engine/core/strings.h"

namespace kf::llm {

bool IsRetryable(const Status& s) {
  return s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kDeadlineExceeded;
}

DurationMs BackoffDelay(const RetryPolicy& p, int attempt, Rng* rng) {
  double base = static_cast<double>(p.initial_backoff_ms);
  for (int i = 1; i < attempt && base < static_cast<double>(p.max_backoff_ms); ++i) base *= p.multiplier;
  base = std::min(base, static_cast<double>(p.max_backoff_ms));
  double scale = p.jitter > 0 ? rng->Uniform(1.0 - p.jitter, 1.0 + p.jitter) : 1.0;
  return static_cast<DurationMs>(std::llround(base * scale));
}

namespace {

std::optional<double> ParseNumber(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !(v >= 0) || v > 1e9) return std::nullopt;
  return v;
}

// "Wed, 21 Oct 2015 07:28:00 GMT" → Unix millis.
std::optional<UnixMillis> ParseHttpDate(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<UnixMillis>(timegm(&tm)) * 1000;
}

}  // namespace

std::optional<DurationMs> ParseRetryAfter(const std::map<std::string, std::string>& headers,
                                          UnixMillis now) {
  auto ms = headers.find("retry-after-ms");
  if (ms != headers.end()) {
    if (auto v = ParseNumber(Trim(ms->second))) return static_cast<DurationMs>(std::llround(*v));
  }
  auto it = headers.find("retry-after");
  if (it == headers.end()) return std::nullopt;
  std::string value = Trim(it->second);
  if (auto v = ParseNumber(value)) return static_cast<DurationMs>(std::llround(*v * 1000));
  if (auto at = ParseHttpDate(value)) return *at > now ? *at - now : 0;
  return std::nullopt;
}

}  // namespace kf::llm
