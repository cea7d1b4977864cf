#include "recorder/db_path.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace kf::recorder {

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace

Result<std::string> ResolveRecordingPath(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (std::string db = Env("KUBEFLIGHT_DB"); !db.empty()) return db;
  if (std::string state = Env("XDG_STATE_HOME"); !state.empty()) return state + "/kubeflight/runs.db";
  if (std::string home = Env("HOME"); !home.empty()) return home + "/.local/state/kubeflight/runs.db";
  return FailedPrecondition("no recording path: pass --db FILE or set KUBEFLIGHT_DB");
}

Status EnsureParentDirectory(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) return Status::Ok();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Internal("cannot create directory " + dir.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace kf::recorder
