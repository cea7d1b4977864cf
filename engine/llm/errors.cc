#include "engine/llm/errors.h"


namespace kf::llm {

const char* HttpReasonPhrase(int s) {
  switch (s) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 529: return "Overloaded";
    default: return "";
  }
}

namespace {

std::string Head(int status, const ErrorContext& ctx) {
  std::string head = ctx.provider + ": " + std::to_string(status);
  const char* reason = HttpReasonPhrase(status);
  if (*reason) head += std::string(" ") + reason;
  return head;
}

std::string WithMessage(std::string head, const ProviderError& e, const char* fallback) {
  if (!e.message.empty()) return head + ": " + e.message;
  if (*fallback) return head + ": " + fallback;
  return head;
}

}  // namespace

Status HttpErrorStatus(int status, const ProviderError& e, const ErrorContext& ctx) {
  std::string head = Head(status, ctx);
  if (status == 401) {
    return Unauthenticated(head + ": invalid API key (check " + ctx.key_env + ")");
  }
  if (status == 403) return PermissionDenied(WithMessage(head, e, "permission denied"));
  if (status == 404) {
    std::string msg = head + ": model \"" + ctx.model + "\" not found";
    if (!e.message.empty()) return NotFound(msg + ": " + e.message);
    return NotFound(msg + " (or no API at " + ctx.url + ")");
  }
  if (status == 429) {
    if (e.code == "insufficient_quota" || e.type == "insufficient_quota") {
      return ResourceExhausted(WithMessage(head, e, "quota exceeded"));
    }
    return Unavailable(WithMessage(head, e, "rate limited"));
  }
  if (status == 408 || status == 409 || status >= 500) {
    return Unavailable(WithMessage(head, e, ""));
  }
  if (status >= 400) return InvalidArgument(WithMessage(head, e, ""));
  return Internal(WithMessage(head + " (unexpected status)", e, ""));
}

Status StreamErrorStatus(const ProviderError& e) {
  std::string type = e.type.empty() ? "error" : e.type;
  std::string msg = e.message.empty() ? type : type + ": " + e.message;
  if (type == "invalid_request_error") return InvalidArgument(msg);
  if (type == "authentication_error") return Unauthenticated(msg);
  if (type == "permission_error") return PermissionDenied(msg);
  if (type == "not_found_error") return NotFound(msg);
  return Unavailable(msg);
}

std::string Redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  size_t pos = 0;
  while ((pos = text.find(secret, pos)) != std::string::npos) {
    text.replace(pos, secret.size(), "[REDACTED]");
    pos += 10;
  }
  return text;
}

}  // namespace kf::llm
