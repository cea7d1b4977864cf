// Status and Result<T>: errors as values. Library calls never throw across a
// module boundary; exceptions from throwing libraries (nlohmann::json,
// yaml-cpp, SQLiteCpp) are caught in the unit that calls them.
//
// Codes are chosen by what the caller should do next (as in Abseil):
//   kInvalidArgument    fix the input (HTTP 400/422)
//   kNotFound           the object does not exist (404)
//   kAlreadyExists      create of an existing object (409)
//   kConflict           resourceVersion/optimistic concurrency (409)
//   kFailedPrecondition fix state first (e.g. mutation without approval)
//   kPermissionDenied   authorised identity may not do this (403)
//   kUnauthenticated    no or bad credentials (401)
//   kUnavailable        transient: retry (429/5xx, connection refused)
//   kDeadlineExceeded   timed out
//   kResourceExhausted  a budget ran out
//   kUnimplemented      not supported by this engine
//   kInternal           a bug
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kf {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kConflict,
  kFailedPrecondition,
  kPermissionDenied,
  kUnauthenticated,
  kUnavailable,
  kDeadlineExceeded,
  kResourceExhausted,
  kUnimplemented,
  kInternal,
};

// "InvalidArgument", "NotFound", ...
const char* StatusCodeName(StatusCode code);
// The inverse of StatusCodeName; false for an unknown name.
bool StatusCodeFromName(const std::string& name, StatusCode* code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "NotFound: pods \"x\" not found"; "OK" when ok.
  std::string ToString() const;

  // Returns a copy whose message is "prefix: message".
  Status WithPrefix(const std::string& prefix) const;

  bool operator==(const Status& o) const { return code_ == o.code_ && message_ == o.message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgument(std::string message);
Status NotFound(std::string message);
Status AlreadyExists(std::string message);
Status Conflict(std::string message);
Status FailedPrecondition(std::string message);
Status PermissionDenied(std::string message);
Status Unauthenticated(std::string message);
Status Unavailable(std::string message);
Status DeadlineExceeded(std::string message);
Status ResourceExhausted(std::string message);
Status Unimplemented(std::string message);
Status Internal(std::string message);

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {            // NOLINT: implicit by design
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK status when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  T value_or(T fallback) const { return ok() ? std::get<T>(v_) : std::move(fallback); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace kf

// Propagate a non-OK Status from an expression returning Status.
#define KF_RETURN_IF_ERROR(expr)            \
  do {                                      \
    ::kf::Status kf_status_ = (expr);       \
    if (!kf_status_.ok()) return kf_status_; \
  } while (0)

#define KF_CONCAT_INNER_(a, b) a##b
#define KF_CONCAT_(a, b) KF_CONCAT_INNER_(a, b)
// KF_ASSIGN_OR_RETURN(auto x, FunctionReturningResult());
#define KF_ASSIGN_OR_RETURN(lhs, expr)                                   \
  auto KF_CONCAT_(kf_result_, __LINE__) = (expr);                        \
  if (!KF_CONCAT_(kf_result_, __LINE__).ok())                            \
    return KF_CONCAT_(kf_result_, __LINE__).status();                    \
  lhs = std::move(KF_CONCAT_(kf_result_, __LINE__)).value()
