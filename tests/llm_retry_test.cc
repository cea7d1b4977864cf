// Retry policy and the HTTP status → Status mapping.
#include <gtest/gtest.h>

#include "engine/llm/errors.h"
#include "engine/llm/retry.h"

namespace kf::llm {
namespace {

TEST(LlmRetryTest, BackoffGrowsCapsAndJittersDeterministically) {
  RetryPolicy p;
  p.initial_backoff_ms = 1000;
  p.max_backoff_ms = 5000;
  p.jitter = 0;
  Rng rng(1);
  EXPECT_EQ(BackoffDelay(p, 1, &rng), 1000);
  EXPECT_EQ(BackoffDelay(p, 2, &rng), 2000);
  EXPECT_EQ(BackoffDelay(p, 3, &rng), 4000);
  EXPECT_EQ(BackoffDelay(p, 4, &rng), 5000);
  EXPECT_EQ(BackoffDelay(p, 40, &rng), 5000);

  p.jitter = 0.2;
  Rng a(42), b(42);
  for (int attempt = 1; attempt <= 5; ++attempt) {
    DurationMs d = BackoffDelay(p, attempt, &a);
    EXPECT_EQ(d, BackoffDelay(p, attempt, &b)) << "same seed, same delays";
    DurationMs base = std::min<DurationMs>(5000, 1000LL << (attempt - 1));
    EXPECT_GE(d, base * 8 / 10);
    EXPECT_LE(d, base * 12 / 10);
  }
}

TEST(LlmRetryTest, ParsesRetryAfter) {
  EXPECT_EQ(ParseRetryAfter({{"retry-after", "7"}}, 0), 7000);
  EXPECT_EQ(ParseRetryAfter({{"retry-after", "1.5"}}, 0), 1500);
  EXPECT_EQ(ParseRetryAfter({{"retry-after-ms", "250"}, {"retry-after", "1"}}, 0), 250);
  // Wed, 21 Oct 2015 07:28:00 GMT is 1445412480 s.
  EXPECT_EQ(ParseRetryAfter({{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}, 1445412480000 - 3000), 3000);
  EXPECT_EQ(ParseRetryAfter({{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}}, 1445412480000 + 1), 0);
  EXPECT_EQ(ParseRetryAfter({{"retry-after", "soon"}}, 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfter({{"retry-after", "-1"}}, 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfter({}, 0), std::nullopt);
}

TEST(LlmRetryTest, RetryableCodes) {
  EXPECT_TRUE(IsRetryable(Unavailable("x")));
  EXPECT_TRUE(IsRetryable(DeadlineExceeded("x")));
  EXPECT_FALSE(IsRetryable(Unauthenticated("x")));
  EXPECT_FALSE(IsRetryable(NotFound("x")));
  EXPECT_FALSE(IsRetryable(ResourceExhausted("x")));
  EXPECT_FALSE(IsRetryable(InvalidArgument("x")));
}

TEST(LlmErrorsTest, HttpStatusMapping) {
  ErrorContext ctx{"openai", "gpt-9", "OPENAI_API_KEY", "http://h/v1/chat/completions"};
  ProviderError leak{"invalid_request_error", "invalid_api_key", "Incorrect API key provided: sk-abc***xyz"};
  EXPECT_EQ(HttpErrorStatus(401, leak, ctx).ToString(),
            "Unauthenticated: openai: 401 Unauthorized: invalid API key (check OPENAI_API_KEY)");
  EXPECT_EQ(HttpErrorStatus(403, {"", "", "Project does not have access"}, ctx).ToString(),
            "PermissionDenied: openai: 403 Forbidden: Project does not have access");
  EXPECT_EQ(HttpErrorStatus(404, {"", "model_not_found", "The model `gpt-9` does not exist"}, ctx).ToString(),
            "NotFound: openai: 404 Not Found: model \"gpt-9\" not found: The model `gpt-9` does not exist");
  EXPECT_EQ(HttpErrorStatus(404, {}, ctx).ToString(),
            "NotFound: openai: 404 Not Found: model \"gpt-9\" not found (or no API at http://h/v1/chat/completions)");
  EXPECT_EQ(HttpErrorStatus(429, {"requests", "rate_limit_exceeded", "Rate limit reached"}, ctx).ToString(),
            "Unavailable: openai: 429 Too Many Requests: Rate limit reached");
  EXPECT_EQ(HttpErrorStatus(429, {"insufficient_quota", "insufficient_quota", "You exceeded your quota"}, ctx)
                .code(),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(HttpErrorStatus(400, {"", "", "max_tokens is too large"}, ctx).ToString(),
            "InvalidArgument: openai: 400 Bad Request: max_tokens is too large");
  EXPECT_EQ(HttpErrorStatus(502, {}, ctx).ToString(), "Unavailable: openai: 502 Bad Gateway");
  ctx.provider = "anthropic";
  EXPECT_EQ(HttpErrorStatus(529, {"overloaded_error", "", "Overloaded"}, ctx).ToString(),
            "Unavailable: anthropic: 529 Overloaded: Overloaded");
}

TEST(LlmErrorsTest, StreamErrorTypes) {
  EXPECT_EQ(StreamErrorStatus({"overloaded_error", "", "Overloaded"}).ToString(),
            "Unavailable: overloaded_error: Overloaded");
  EXPECT_EQ(StreamErrorStatus({"invalid_request_error", "", "bad"}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(StreamErrorStatus({"something_new", "", "?"}).code(), StatusCode::kUnavailable);
}

TEST(LlmErrorsTest, Redact) {
  EXPECT_EQ(Redact("key sk-1 and sk-1 again", "sk-1"), "key [REDACTED] and [REDACTED] again");
  EXPECT_EQ(Redact("nothing", ""), "nothing");
}

}  // namespace
}  // namespace kf::llm
