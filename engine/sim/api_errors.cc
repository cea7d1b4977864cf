#include "engine/sim/api_errors.h"

#include <cctype>

#include "engine/sim/kinds.h"

namespace kf {
namespace {

std::string Quote(std::string_view s) { return Json(std::string(s)).dump(); }

std::string ValueText(const Json& value) {
  try {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (const std::exception&) {
    return "<unprintable>";
  }
}

// The reason of a cause from its message ("Invalid value: ..." → FieldValueInvalid).
std::string CauseReason(std::string_view message) {
  static const std::pair<const char*, const char*> kReasons[] = {
      {"Invalid value", "FieldValueInvalid"},     {"Required value", "FieldValueRequired"},
      {"Unsupported value", "FieldValueNotSupported"}, {"Forbidden", "FieldValueForbidden"},
      {"Duplicate value", "FieldValueDuplicate"}, {"Too long", "FieldValueTooLong"},
      {"Too many", "FieldValueTooMany"},          {"Not found", "FieldValueNotFound"},
      {"Internal error", "InternalError"},
  };
  for (const auto& [prefix, reason] : kReasons) {
    if (message.substr(0, std::string_view(prefix).size()) == prefix) return reason;
  }
  return "FieldValueInvalid";
}

bool IsFieldPathChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
         c == '[' || c == ']' || c == '/' || c == '"';
}

// Length of a "field.path: " prefix at the start of s, or 0.
size_t FieldPrefixLength(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsFieldPathChar(s[i])) ++i;
  if (i == 0 || i + 1 >= s.size() || s[i] != ':' || s[i + 1] != ' ') return 0;
  return i + 2;
}

FieldCause ParseCause(std::string_view text) {
  FieldCause cause;
  const size_t n = FieldPrefixLength(text);
  if (n == 0) {
    cause.message = std::string(text);
  } else {
    cause.field = std::string(text.substr(0, n - 2));
    cause.message = std::string(text.substr(n));
  }
  cause.reason = CauseReason(cause.message);
  return cause;
}

// Recovers causes from the tail of an Invalid message: one cause, or
// "[cause, cause]" split where ", " is followed by a field path prefix.
std::vector<FieldCause> ParseCauses(std::string_view tail) {
  std::vector<FieldCause> causes;
  if (tail.size() >= 2 && tail.front() == '[' && tail.back() == ']') {
    std::string_view body = tail.substr(1, tail.size() - 2);
    size_t start = 0;
    for (size_t i = 0; i + 2 <= body.size(); ++i) {
      if (body[i] == ',' && body[i + 1] == ' ' && FieldPrefixLength(body.substr(i + 2)) > 0) {
        causes.push_back(ParseCause(body.substr(start, i - start)));
        start = i + 2;
      }
    }
    causes.push_back(ParseCause(body.substr(start)));
    return causes;
  }
  causes.push_back(ParseCause(tail));
  return causes;
}

Json CauseJson(const FieldCause& c) {
  Json j = {{"reason", c.reason}, {"message", c.message}};
  if (!c.field.empty()) j["field"] = c.field;
  return j;
}

std::string KindWord(std::string_view kind) {
  if (const KindInfo* k = FindKind(kind)) return k->QualifiedKind();
  return std::string(kind);
}

}  // namespace

FieldCause InvalidValue(std::string field, const Json& value, std::string detail) {
  std::string message = "Invalid value: " + ValueText(value);
  if (!detail.empty()) message += ": " + detail;
  return {"FieldValueInvalid", std::move(field), std::move(message)};
}

FieldCause RequiredValue(std::string field, std::string detail) {
  std::string message = "Required value";
  if (!detail.empty()) message += ": " + detail;
  return {"FieldValueRequired", std::move(field), std::move(message)};
}

FieldCause UnsupportedValue(std::string field, const Json& value,
                            const std::vector<std::string>& supported) {
  std::string message = "Unsupported value: " + ValueText(value);
  if (!supported.empty()) {
    message += ": supported values: ";
    for (size_t i = 0; i < supported.size(); ++i) {
      if (i > 0) message += ", ";
      message += Quote(supported[i]);
    }
  }
  return {"FieldValueNotSupported", std::move(field), std::move(message)};
}

Status NotFoundError(std::string_view kind, std::string_view name) {
  return NotFound(ResourceName(kind) + " " + Quote(name) + " not found");
}

Status AlreadyExistsError(std::string_view kind, std::string_view name) {
  return AlreadyExists(ResourceName(kind) + " " + Quote(name) + " already exists");
}

Status ConflictError(std::string_view kind, std::string_view name, std::string_view detail) {
  return Conflict("Operation cannot be fulfilled on " + ResourceName(kind) + " " + Quote(name) +
                  ": " + std::string(detail));
}

Status InvalidError(std::string_view kind, std::string_view name,
                    const std::vector<FieldCause>& causes) {
  std::vector<std::string> parts;
  for (const FieldCause& c : causes) {
    parts.push_back(c.field.empty() ? c.message : c.field + ": " + c.message);
  }
  std::string joined;
  if (parts.size() == 1) {
    joined = parts[0];
  } else {
    joined = "[";
    for (size_t i = 0; i < parts.size(); ++i) joined += (i > 0 ? ", " : "") + parts[i];
    joined += "]";
  }
  return InvalidArgument(KindWord(kind) + " " + Quote(name) + " is invalid: " + joined);
}

Status BadRequestError(std::string message) { return InvalidArgument(std::move(message)); }

Status NamespaceNotFoundError(std::string_view ns) { return NotFoundError("Namespace", ns); }

int HttpStatusCode(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kConflict: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDeadlineExceeded: return 504;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnimplemented: return 405;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

std::string StatusReason(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "";
    case StatusCode::kInvalidArgument: return "BadRequest";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kAlreadyExists: return "AlreadyExists";
    case StatusCode::kConflict: return "Conflict";
    case StatusCode::kFailedPrecondition: return "Conflict";
    case StatusCode::kPermissionDenied: return "Forbidden";
    case StatusCode::kUnauthenticated: return "Unauthorized";
    case StatusCode::kUnavailable: return "ServiceUnavailable";
    case StatusCode::kDeadlineExceeded: return "Timeout";
    case StatusCode::kResourceExhausted: return "TooManyRequests";
    case StatusCode::kUnimplemented: return "MethodNotAllowed";
    case StatusCode::kInternal: return "InternalError";
  }
  return "InternalError";
}

Json StatusObject(const Status& status, std::string_view kind, std::string_view name) {
  Json out = {{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()}};
  if (status.ok()) {
    out["status"] = "Success";
    out["code"] = 200;
    return out;
  }
  out["status"] = "Failure";
  out["message"] = status.message();
  int code = HttpStatusCode(status.code());
  std::string reason = StatusReason(status.code());
  const KindInfo* info = kind.empty() ? nullptr : FindKind(kind);
  Json details = Json::object();
  if (!name.empty()) details["name"] = std::string(name);
  if (info != nullptr && !info->group.empty()) details["group"] = info->group;

  const std::string invalid_marker = " is invalid: ";
  const size_t at = status.message().find(invalid_marker);
  if (status.code() == StatusCode::kInvalidArgument && at != std::string::npos) {
    code = 422;
    reason = "Invalid";
    if (!kind.empty()) details["kind"] = info != nullptr ? info->kind : std::string(kind);
    Json causes = Json::array();
    for (const FieldCause& c :
         ParseCauses(std::string_view(status.message()).substr(at + invalid_marker.size()))) {
      causes.push_back(CauseJson(c));
    }
    details["causes"] = causes;
  } else if (!kind.empty()) {
    details["kind"] = info != nullptr ? info->resource : ResourceName(kind);
  }
  if (status.message().rfind("the body of the request was in an unknown format", 0) == 0) {
    code = 415;
    reason = "UnsupportedMediaType";
  }
  out["reason"] = reason;
  if (!details.empty()) out["details"] = details;
  out["code"] = code;
  return out;
}

}  // namespace kf
