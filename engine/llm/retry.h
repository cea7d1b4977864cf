// Retry policy for model calls: exponential backoff with seeded jitter,
// honouring a server's Retry-After. Sleeping is the caller's, through a
// kf::Clock, so tests run on a VirtualClock.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "engine/core/clock.h"
#include "engine/core/rng.h"
#include "engine/core/status.h"

namespace kf::llm {

struct RetryPolicy {
  int max_attempts = 4;               // total attempts, the first included; >= 1
  DurationMs initial_backoff_ms = 1000;
  DurationMs max_backoff_ms = 30000;
  double multiplier = 2.0;
  double jitter = 0.2;                // each backoff is scaled by 1 ± jitter
  // A Retry-After longer than this is not waited for: the call fails with
  // the provider's error instead.
  DurationMs max_retry_after_ms = 120000;
};

// Unavailable (429, 5xx, 529, refused or dropped connections) and
// DeadlineExceeded (timeouts) are retried; every other code is final.
bool IsRetryable(const Status& status);

// The backoff after failed attempt `attempt` (1-based) without a
// Retry-After: min(max, initial × multiplier^(attempt-1)) × (1 ± jitter),
// the jitter drawn from `rng`.
DurationMs BackoffDelay(const RetryPolicy& policy, int attempt, Rng* rng);

// The server's requested delay from response headers (names lower-case):
// "retry-after-ms" (OpenAI) or "retry-after" as delta-seconds (fractions
// accepted) or an HTTP-date (IMF-fixdate, measured from `now`). nullopt when
// absent or unparseable; 0 for a date in the past.
std::optional<DurationMs> ParseRetryAfter(const std::map<std::string, std::string>& headers,
                                          UnixMillis now);

}  // namespace kf::llm
