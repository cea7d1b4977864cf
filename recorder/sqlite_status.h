// Internal to recorder/: turns exceptions from SQLiteCpp (and nlohmann::json)
// into Status values, so none crosses a public recorder header.
#pragma once

#include <exception>
#include <string>

#include "engine/core/status.h"

namespace kf::recorder {

// "context: what()" with a code chosen by what the caller should do next:
// busy/locked → Unavailable, disk full → ResourceExhausted, corrupt or not a
// database → FailedPrecondition, read-only/permission → PermissionDenied,
// anything else → Internal.
Status StatusFromException(const std::exception& e, const std::string& context);

// Runs f() (returning Status or Result<T>) and converts any exception it
// throws.
template <typename F>
auto Guard(const std::string& context, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return StatusFromException(e, context);
  }
}

}  // namespace kf::recorder
