#include "recorder/sqlite_status.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace kf::recorder {

Status StatusFromException(const std::exception& e, const std::string& context) {
  std::string message = context.empty() ? e.what() : context + ": " + e.what();
  const auto* sql = dynamic_cast<const SQLite::Exception*>(&e);
  if (sql == nullptr) return Internal(message);
  switch (sql->getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(message);
    case SQLITE_FULL:
      return ResourceExhausted(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
      return FailedPrecondition(message);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return PermissionDenied(message);
    default:
      return Internal(message);
  }
}

}  // namespace kf::recorder
