#include "engine/serve/request_recorder.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace kf::serve {
namespace {

Json ReplyText(const HttpReply& reply) {
  if (reply.content_type.find("json") != std::string::npos) {
    Json j = Json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) return j;
  }
  return reply.body;
}

}  // namespace

Result<std::string> DefaultRecordingPath(const std::string& flag) {
  namespace fs = std::filesystem;
  std::string path = flag;
  if (path.empty()) {
    if (const char* env = std::getenv("KUBEFLIGHT_DB"); env && *env) path = env;
  }
  if (path.empty()) {
    std::string state;
    if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) {
      state = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
      state = std::string(home) + "/.local/state";
    } else {
      return InvalidArgument(
          "no recording file: pass --db FILE or set KUBEFLIGHT_DB, XDG_STATE_HOME or HOME");
    }
    path = state + "/kubeflight/runs.db";
  }
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) return InvalidArgument("cannot create " + parent.string() + ": " + ec.message());
  }
  return path;
}

Result<std::unique_ptr<RequestRecorder>> RequestRecorder::Open(const std::string& path,
                                                               recorder::RunInfo info) {
  Result<recorder::Recorder> rec = recorder::Recorder::Open(path);
  if (!rec.ok()) return rec.status().WithPrefix("recording " + path);
  Result<std::string> id = rec->BeginRun(info);
  if (!id.ok()) return id.status().WithPrefix("recording " + path);
  return std::unique_ptr<RequestRecorder>(new RequestRecorder(std::move(*rec), *id));
}

void RequestRecorder::Record(const HttpRequest& request, const HttpReply& reply,
                             UnixMillis virtual_time, UnixMillis wall_time) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!status_.ok() || ended_) return;
  ++step_;
  Json query = Json::object();
  for (const auto& [k, v] : request.params) query[k] = v;
  Json call = {{"name", "kubectl"},
               {"args", {{"method", request.method}, {"path", request.path}, {"query", query}}}};
  if (!request.body.empty()) {
    Json body = Json::parse(request.body, nullptr, false);
    call["args"]["body"] = body.is_discarded() ? Json(request.body) : body;
    // Which patch it is (strategic merge, merge, JSON patch).
    call["args"]["content_type"] = request.Header("Content-Type");
  }
  recorder::RecordedEvent ev;
  ev.type = "tool_call";
  ev.phase = "INVESTIGATE";
  ev.step = step_;
  ev.virtual_time = virtual_time;
  ev.wall_time = wall_time;
  ev.payload = {{"call", call}, {"by_engine", false}};
  ev.summary = {{"method", request.method}, {"path", request.path}};
  status_ = recorder_.Append(run_id_, ev);
  if (!status_.ok()) return;
  ev.type = "tool_result";
  ev.payload = {{"call", call},
                {"status", reply.status},
                {"is_error", reply.status >= 400},
                {"content_type", reply.content_type},
                {"user_agent", request.Header("User-Agent")},
                {"text", ReplyText(reply)}};
  ev.summary = {{"status", reply.status}};
  status_ = recorder_.Append(run_id_, std::move(ev));
  if (!status_.ok()) return;
  status_ = recorder_.CommitStep();
}

Status RequestRecorder::End(UnixMillis virtual_time, UnixMillis wall_time) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ended_) return status_;
  ended_ = true;
  recorder::RunOutcome outcome;
  outcome.status = recorder::RunStatus::kPassed;
  outcome.verdict = "served " + std::to_string(step_) + " requests";
  outcome.ended_at = virtual_time;
  outcome.ended_wall = wall_time;
  outcome.totals.steps = step_;
  outcome.totals.tool_calls = step_;
  Status st = recorder_.EndRun(run_id_, outcome);
  if (status_.ok()) status_ = st;
  if (Status c = recorder_.Close(); status_.ok()) status_ = c;
  return status_;
}

Status RequestRecorder::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

}  // namespace kf::serve
